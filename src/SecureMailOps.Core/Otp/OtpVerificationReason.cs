namespace SecureMailOps.Core.Otp;

/// <summary>Why a one-time password or backup code was accepted or refused.</summary>
public enum OtpVerificationReason
{
    /// <summary>The code is correct and had not been used: accepted.</summary>
    Valid,

    /// <summary>The code is well formed but wrong (or outside the window).</summary>
    Invalid,

    /// <summary>The code was correct once but its step or counter was already used for this account.</summary>
    Replayed,

    /// <summary>The account is locked after too many consecutive failures; the code was not checked.</summary>
    LockedOut,

    /// <summary>The input is not a code of the expected form (letters, wrong length).</summary>
    Malformed,
}
