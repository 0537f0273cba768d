namespace SecureMailOps.Core.Challenges;

/// <summary>Why a confirmation of an emailed one-time code succeeded or failed.</summary>
public enum ChallengeReason
{
    /// <summary>The code was right; the challenge is now used up.</summary>
    Valid,

    /// <summary>The code was wrong; attempts remain.</summary>
    Invalid,

    /// <summary>The challenge expired before the code was confirmed.</summary>
    Expired,

    /// <summary>The challenge was already confirmed once.</summary>
    AlreadyUsed,

    /// <summary>Too many wrong codes: the challenge is burned and accepts nothing any more.</summary>
    TooManyAttempts,

    /// <summary>No challenge has that id (never issued, cleared, or its sending failed).</summary>
    NotFound,

    /// <summary>The code was offered for another purpose than the one it was issued for.</summary>
    PurposeMismatch,

    /// <summary>The challenge was issued under another challenge key (the key was rotated or the store copied); it cannot be confirmed.</summary>
    KeyMismatch,
}
