using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// What happened to one message that reached at least one recipient: who accepted it, who was refused
/// (with the server's reply), whose delivery is unknown, what the server said, over which TLS.
/// </summary>
public sealed class SmtpSendReceipt
{
    internal SmtpSendReceipt(
        string messageId,
        string subject,
        string server,
        int port,
        IReadOnlyList<string> acceptedRecipients,
        IReadOnlyList<SmtpRecipientRejection> rejectedRecipients,
        IReadOnlyList<string> deliveryUnknownRecipients,
        string serverReply,
        string tlsProtocol,
        string cipherSuite,
        int attempts,
        TimeSpan elapsed,
        DateTimeOffset sentAt)
    {
        MessageId = messageId;
        Subject = subject;
        Server = server;
        Port = port;
        AcceptedRecipients = acceptedRecipients;
        RejectedRecipients = rejectedRecipients;
        DeliveryUnknownRecipients = deliveryUnknownRecipients;
        Status = rejectedRecipients.Count == 0 && deliveryUnknownRecipients.Count == 0 ? SmtpDeliveryStatus.Delivered : SmtpDeliveryStatus.PartiallyDelivered;
        ServerReply = serverReply;
        TlsProtocol = tlsProtocol;
        CipherSuite = cipherSuite;
        Attempts = attempts;
        Elapsed = elapsed;
        SentAt = sentAt;
    }

    /// <summary>Gets the Message-ID header value (without angle brackets).</summary>
    public string MessageId { get; }

    /// <summary>Gets the subject.</summary>
    public string Subject { get; }

    /// <summary>Gets the server name.</summary>
    public string Server { get; }

    /// <summary>Gets the server port.</summary>
    public int Port { get; }

    /// <summary>Gets the recipients the server accepted.</summary>
    public IReadOnlyList<string> AcceptedRecipients { get; }

    /// <summary>Gets the recipients that did not get the message, with the server's replies (status 0: no reply, the connection was lost or the send was stopped).</summary>
    public IReadOnlyList<SmtpRecipientRejection> RejectedRecipients { get; }

    /// <summary>Gets the recipients whose transaction was lost after the final "." (they may or may not have it; not sent again).</summary>
    public IReadOnlyList<string> DeliveryUnknownRecipients { get; }

    /// <summary>Gets Delivered, or PartiallyDelivered when some recipients were refused or their delivery is unknown.</summary>
    public SmtpDeliveryStatus Status { get; }

    /// <summary>Gets the server's reply to the end of the message data (the last transaction when recipients were retried).</summary>
    public string ServerReply { get; }

    /// <summary>Gets the negotiated TLS version, for example "1.3".</summary>
    public string TlsProtocol { get; }

    /// <summary>Gets the negotiated cipher suite, for example TLS_AES_256_GCM_SHA384.</summary>
    public string CipherSuite { get; }

    /// <summary>Gets how many attempts the message took (1 when it went through at once).</summary>
    public int Attempts { get; }

    /// <summary>Gets the time from the first attempt to the server's acceptance.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets when the server accepted the message.</summary>
    public DateTimeOffset SentAt { get; }
}
