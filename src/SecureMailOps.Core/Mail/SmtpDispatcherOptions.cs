using System;

namespace SecureMailOps.Core.Mail;

/// <summary>How an <see cref="SmtpDispatcher"/> sends: connections per profile, retries, where outcomes and notes go.</summary>
public sealed class SmtpDispatcherOptions
{
    private int _connectionsPerProfile = 1;

    /// <summary>Gets or sets how many connections per profile send in parallel (1 to 32; 1 keeps input order).</summary>
    public int ConnectionsPerProfile
    {
        get => _connectionsPerProfile;
        set => _connectionsPerProfile = value is >= 1 and <= 32 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Between 1 and 32.");
    }

    /// <summary>Gets or sets how many times a transient failure is retried, or null for each profile's own value.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Gets or sets a value indicating whether a message whose delivery is unknown is sent again (it may then arrive twice).</summary>
    public bool ResendWhenDeliveryUnknown { get; set; }

    /// <summary>Gets or sets a sink for progress notes (connects, retries); never given secrets or message content. Called from worker threads.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Gets or sets where each message's outcome goes as soon as it is known. Called from worker threads.</summary>
    public Action<SmtpDeliveryOutcome>? OutcomeReady { get; set; }
}
