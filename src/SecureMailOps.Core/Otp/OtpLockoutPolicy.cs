using System;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// How many consecutive failures an account may have before it is locked, for how long, and how
/// repeated lock-outs escalate.
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
    /// <param name="lockoutDuration">How long the first lock-out lasts (positive, at most 30 days).</param>
    /// <param name="maximumLockoutDuration">The longest a repeated lock-out grows to (default 24 hours, at least the first one).</param>
    public OtpLockoutPolicy(int maxFailures = DefaultMaxFailures, TimeSpan? lockoutDuration = null, TimeSpan? maximumLockoutDuration = null)
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

        TimeSpan ceiling = maximumLockoutDuration ?? (duration > DefaultMaximumLockoutDuration ? duration : DefaultMaximumLockoutDuration);
        if (ceiling < duration || ceiling > TimeSpan.FromDays(30))
        {
            throw new SecureMailOpsException(OtpErrorIds.LockoutDurationInvalid, FailureKind.InvalidArgument, $"The longest lock-out must be at least the first one ({duration}) and at most 30 days; {ceiling} was given.");
        }

        MaxFailures = maxFailures;
        LockoutDuration = duration;
        MaximumLockoutDuration = ceiling;
    }

    /// <summary>Gets the default ceiling for repeated lock-outs: 24 hours.</summary>
    public static TimeSpan DefaultMaximumLockoutDuration { get; } = TimeSpan.FromHours(24);

    /// <summary>Gets the longest a repeated lock-out grows to.</summary>
    public TimeSpan MaximumLockoutDuration { get; }

    /// <summary>Gets the default lock-out duration: 15 minutes.</summary>
    public static TimeSpan DefaultLockoutDuration { get; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets the consecutive failures that lock an account.</summary>
    public int MaxFailures { get; }

    /// <summary>Gets how long the first lock-out lasts.</summary>
    public TimeSpan LockoutDuration { get; }

    /// <summary>
    /// How long the n-th lock-out since the last success lasts: the first one
    /// <see cref="LockoutDuration"/>, each later one twice the one before, at most
    /// <see cref="MaximumLockoutDuration"/>. With the defaults (10 failures, 15 minutes, 24 hours) an
    /// attacker gets 10 guesses, then one per lock-out: about 17 guesses in the first day, then one a day.
    /// </summary>
    /// <param name="lockoutNumber">1 for the first lock-out.</param>
    /// <returns>The duration.</returns>
    public TimeSpan LockoutFor(int lockoutNumber)
    {
        int doublings = Math.Max(0, Math.Min(lockoutNumber - 1, 30));
        double ticks = LockoutDuration.Ticks * Math.Pow(2, doublings);
        return ticks >= MaximumLockoutDuration.Ticks ? MaximumLockoutDuration : TimeSpan.FromTicks((long)ticks);
    }
}
