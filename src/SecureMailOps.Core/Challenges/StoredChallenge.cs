using System;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// A challenge as the store keeps it: never the code, only an HMAC of it keyed by the challenge key,
/// which is kept outside the database (<see cref="ChallengeKey"/>).
/// </summary>
public sealed class StoredChallenge
{
    /// <summary>Gets or sets the challenge id (128 random bits, hex).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the recipient address, normalised to lower case.</summary>
    public string Recipient { get; set; } = string.Empty;

    /// <summary>Gets or sets what the code is for; it is bound to this purpose.</summary>
    public string Purpose { get; set; } = string.Empty;

    /// <summary>Gets or sets the per-challenge random salt (hashed with the code).</summary>
    public byte[] Salt { get; set; } = [];

    /// <summary>Gets or sets HMAC-SHA256(challenge key, salt | id | purpose | code).</summary>
    public byte[] CodeHash { get; set; } = [];

    /// <summary>Gets or sets when the challenge was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when the code stops being accepted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Gets or sets how many wrong codes burn this challenge (fixed when it is issued).</summary>
    public int MaxAttempts { get; set; }

    /// <summary>Gets or sets the number of wrong codes offered so far.</summary>
    public int FailedAttempts { get; set; }

    /// <summary>Gets or sets the id of the challenge key the hash was made with (null for a challenge from before keys).</summary>
    public string? KeyId { get; set; }

    /// <summary>Gets or sets the life-cycle state.</summary>
    public ChallengeState State { get; set; }
}
