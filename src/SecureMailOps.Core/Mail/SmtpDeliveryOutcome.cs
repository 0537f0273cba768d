using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>The dispatcher's verdict on one message, tied to its place in the input.</summary>
public sealed class SmtpDeliveryOutcome
{
    internal SmtpDeliveryOutcome(long index, object? state, SmtpProfile profile, SmtpDeliveryStatus status, SmtpSendReceipt? receipt, SecureMailOpsException? error, bool stopsProfile)
    {
        Index = index;
        State = state;
        Profile = profile;
        Status = status;
        Receipt = receipt;
        Error = error;
        StopsProfile = stopsProfile;
    }

    /// <summary>Gets the message's position in the order it was given to the dispatcher (0-based).</summary>
    public long Index { get; }

    /// <summary>Gets what the caller attached to the message (for example the cmdlet's target text).</summary>
    public object? State { get; }

    /// <summary>Gets the profile it was sent through.</summary>
    public SmtpProfile Profile { get; }

    /// <summary>Gets what became of it.</summary>
    public SmtpDeliveryStatus Status { get; }

    /// <summary>Gets the receipt, when any recipient accepted it (Delivered or PartiallyDelivered); otherwise null.</summary>
    public SmtpSendReceipt? Receipt { get; }

    /// <summary>
    /// Gets the error to report: null when Delivered; SmtpPartiallyDelivered naming the recipients that did not
    /// get it; the failure when nothing was delivered; SmtpDeliveryUnknown when that is not known.
    /// </summary>
    public SecureMailOpsException? Error { get; }

    /// <summary>Gets a value indicating whether the failure (TLS, certificate, credentials) ends sending through this profile: later messages for it are not attempted.</summary>
    public bool StopsProfile { get; }
}
