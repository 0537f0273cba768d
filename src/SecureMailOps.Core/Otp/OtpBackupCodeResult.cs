using System;

namespace SecureMailOps.Core.Otp;

/// <summary>The outcome of presenting a backup code. It never carries the code.</summary>
public sealed class OtpBackupCodeResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <param name="reason">Why it was accepted or refused.</param>
    /// <param name="remaining">Unused codes left for the account.</param>
    /// <param name="failureCount">Consecutive failures recorded for the account after this attempt.</param>
    /// <param name="lockedUntil">When a lock-out ends, or null.</param>
    public OtpBackupCodeResult(string accountId, OtpVerificationReason reason, int remaining, int failureCount, DateTimeOffset? lockedUntil)
    {
        AccountId = accountId;
        Reason = reason;
        Remaining = remaining;
        FailureCount = failureCount;
        LockedUntil = lockedUntil;
    }

    /// <summary>Gets the normalised account id.</summary>
    public string AccountId { get; }

    /// <summary>Gets a value indicating whether the code was accepted (and is now used up).</summary>
    public bool Valid => Reason == OtpVerificationReason.Valid;

    /// <summary>Gets why the code was accepted or refused (Replayed: it was used before).</summary>
    public OtpVerificationReason Reason { get; }

    /// <summary>Gets the number of unused codes left.</summary>
    public int Remaining { get; }

    /// <summary>Gets the consecutive failures recorded for the account after this attempt.</summary>
    public int FailureCount { get; }

    /// <summary>Gets when the account's lock-out ends, or null when it is not locked.</summary>
    public DateTimeOffset? LockedUntil { get; }

    /// <inheritdoc />
    public override string ToString() => Reason.ToString();
}
