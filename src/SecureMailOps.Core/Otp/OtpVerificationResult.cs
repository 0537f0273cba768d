using System;

namespace SecureMailOps.Core.Otp;

/// <summary>The outcome of verifying a TOTP or HOTP code. It never carries the code or the secret.</summary>
public sealed class OtpVerificationResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="reason">Why it was accepted or refused.</param>
    /// <param name="mode">TOTP or HOTP.</param>
    /// <param name="accountId">The normalised account id, or null when no state was used.</param>
    /// <param name="step">The matched time step (TOTP) or counter (HOTP), or null.</param>
    /// <param name="drift">Steps (TOTP) or counters (HOTP) between the expected and the matched value, or null.</param>
    /// <param name="nextCounter">HOTP: the counter to expect next, or null.</param>
    /// <param name="failureCount">Consecutive failures recorded for the account after this attempt.</param>
    /// <param name="lockedUntil">When a lock-out ends, or null.</param>
    public OtpVerificationResult(OtpVerificationReason reason, string mode, string? accountId, long? step, long? drift, long? nextCounter, int failureCount, DateTimeOffset? lockedUntil)
    {
        Reason = reason;
        Mode = mode;
        AccountId = accountId;
        Step = step;
        Drift = drift;
        NextCounter = nextCounter;
        FailureCount = failureCount;
        LockedUntil = lockedUntil;
    }

    /// <summary>Gets a value indicating whether the code was accepted.</summary>
    public bool Valid => Reason == OtpVerificationReason.Valid;

    /// <summary>Gets why the code was accepted or refused.</summary>
    public OtpVerificationReason Reason { get; }

    /// <summary>Gets the mode: Totp or Hotp.</summary>
    public string Mode { get; }

    /// <summary>Gets the normalised account id, or null for a stateless check.</summary>
    public string? AccountId { get; }

    /// <summary>Gets the matched time step (TOTP) or counter (HOTP), or null when nothing matched.</summary>
    public long? Step { get; }

    /// <summary>Gets the drift: matched minus expected step or counter, or null.</summary>
    public long? Drift { get; }

    /// <summary>Gets the HOTP counter to expect next (one past the match), or null.</summary>
    public long? NextCounter { get; }

    /// <summary>Gets the consecutive failures recorded for the account after this attempt.</summary>
    public int FailureCount { get; }

    /// <summary>Gets when the account's lock-out ends, or null when it is not locked.</summary>
    public DateTimeOffset? LockedUntil { get; }

    /// <inheritdoc />
    public override string ToString() => Reason.ToString();
}
