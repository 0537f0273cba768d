using System;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// How many consecutive failures an account may have before it is locked, and for how long.
/// NIST SP 800-63B 5.2.2 allows at most 100 consecutive failures; the default is 10.
/// </summary>
public sealed class OtpLockoutPolicy
{
    /// <summary>The default number of consecutive failures before a lock-out.</summary>
    public const int DefaultMaxFailures = 10;

    /// <summary>The largest number allowed (NIST SP 800-63B 5.2.2).</summary>
    public const int MaximumMaxFailures = 100;

    /// <summary>Creates a policy.</summary>
    /// <param name="maxFailures">Consecutive failures that lock the account (1 to 100).</param>
    /// <param name="lockoutDuration">How long the lock-out lasts (positive, at most 30 days).</param>
    public OtpLockoutPolicy(int maxFailures = DefaultMaxFailures, TimeSpan? lockoutDuration = null)
    {
        if (maxFailures < 1 || maxFailures > MaximumMaxFailures)
        {
            throw new SecureMailOpsException(OtpErrorIds.MaxFailuresInvalid, FailureKind.InvalidArgument, $"MaxFailures must be from 1 to {MaximumMaxFailures} (NIST SP 800-63B 5.2.2); {maxFailures} was given.");
        }

        TimeSpan duration = lockoutDuration ?? DefaultLockoutDuration;
        if (duration <= TimeSpan.Zero || duration > TimeSpan.FromDays(30))
        {
            throw new SecureMailOpsException(OtpErrorIds.LockoutDurationInvalid, FailureKind.InvalidArgument, $"The lock-out duration must be positive and at most 30 days; {duration} was given.");
        }

        MaxFailures = maxFailures;
        LockoutDuration = duration;
    }

    /// <summary>Gets the default lock-out duration: 15 minutes.</summary>
    public static TimeSpan DefaultLockoutDuration { get; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the consecutive failures that lock an account.</summary>
    public int MaxFailures { get; }

    /// <summary>Gets how long a lock-out lasts.</summary>
    public TimeSpan LockoutDuration { get; }
}
