using System;

namespace SecureMailOps.Core.Challenges;

/// <summary>What the caller gets back after a challenge was sent: never the code.</summary>
public sealed class IssuedChallenge
{
    /// <summary>Creates the result.</summary>
    /// <param name="challengeId">The challenge id to confirm against.</param>
    /// <param name="recipient">The masked recipient.</param>
    /// <param name="purpose">What the code is for.</param>
    /// <param name="createdAt">When it was created.</param>
    /// <param name="expiresAt">When it expires.</param>
    public IssuedChallenge(string challengeId, string recipient, string purpose, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        ChallengeId = challengeId;
        Recipient = recipient;
        Purpose = purpose;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the challenge id.</summary>
    public string ChallengeId { get; }

    /// <summary>Gets the masked recipient, for example a***e@example.com.</summary>
    public string Recipient { get; }

    /// <summary>Gets what the code is for.</summary>
    public string Purpose { get; }

    /// <summary>Gets when the challenge was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Gets when the code stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
