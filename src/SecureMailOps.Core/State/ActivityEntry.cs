using System;

namespace SecureMailOps.Core.State;

/// <summary>
/// One entry of the activity log (practice 8, monitor account activity): a success, a failure, a
/// replay, a lock-out or an administrative event for an account or recipient. Never holds a code or a secret.
/// </summary>
public sealed class ActivityEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="time">When it happened.</param>
    /// <param name="subject">The normalised account id or recipient.</param>
    /// <param name="source">What produced it, for example Totp, Hotp or BackupCode.</param>
    /// <param name="outcome">What happened, for example Valid, Invalid, Replayed, LockedOut or LockoutStarted.</param>
    /// <param name="detail">Non-secret detail (a step, a drift, a lock-out end), or null.</param>
    public ActivityEntry(DateTimeOffset time, string subject, string source, string outcome, string? detail)
    {
        Time = time;
        Subject = subject;
        Source = source;
        Outcome = outcome;
        Detail = detail;
    }

    /// <summary>Gets when it happened (UTC, millisecond precision).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the normalised account id or recipient.</summary>
    public string Subject { get; }

    /// <summary>Gets what produced the entry.</summary>
    public string Source { get; }

    /// <summary>Gets what happened.</summary>
    public string Outcome { get; }

    /// <summary>Gets the non-secret detail, or null.</summary>
    public string? Detail { get; }
}
