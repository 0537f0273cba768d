namespace SecureMailOps.Core.Challenges;

/// <summary>The outcome of confirming a code.</summary>
public sealed class ChallengeConfirmation
{
    /// <summary>Creates the outcome.</summary>
    /// <param name="challengeId">The challenge id.</param>
    /// <param name="reason">Why it succeeded or failed.</param>
    /// <param name="attemptsRemaining">Wrong codes still allowed before the challenge burns.</param>
    public ChallengeConfirmation(string challengeId, ChallengeReason reason, int attemptsRemaining)
    {
        ChallengeId = challengeId;
        Reason = reason;
        AttemptsRemaining = attemptsRemaining;
    }

    /// <summary>Gets the challenge id.</summary>
    public string ChallengeId { get; }

    /// <summary>Gets a value indicating whether the code was accepted.</summary>
    public bool Valid => Reason == ChallengeReason.Valid;

    /// <summary>Gets why it succeeded or failed.</summary>
    public ChallengeReason Reason { get; }

    /// <summary>Gets how many wrong codes are still allowed.</summary>
    public int AttemptsRemaining { get; }
}
