namespace SecureMailOps.Core.Mail;

/// <summary>The stable error ids of SMTP sending and probing (scripts and tests may depend on them).</summary>
public static class SmtpErrorIds
{
    /// <summary>The TCP connection could not be made (after retries).</summary>
    public const string ConnectFailed = "SmtpConnectFailed";

    /// <summary>The server answered 421 (greeting or later), after retries.</summary>
    public const string ServiceUnavailable = "SmtpServiceUnavailable";

    /// <summary>The server did not answer in time.</summary>
    public const string Timeout = "SmtpTimeout";

    /// <summary>The connection dropped before the message was accepted, after retries.</summary>
    public const string ConnectionLost = "SmtpConnectionLost";

    /// <summary>The connection dropped after the final "." and before the reply: delivery unknown.</summary>
    public const string DeliveryUnknown = "SmtpDeliveryUnknown";

    /// <summary>STARTTLS mode, but the server does not offer STARTTLS.</summary>
    public const string StartTlsNotOffered = "SmtpStartTlsNotOffered";

    /// <summary>The server refused the STARTTLS command (454).</summary>
    public const string StartTlsRefused = "SmtpStartTlsRefused";

    /// <summary>The TLS handshake failed for a reason other than the certificate.</summary>
    public const string TlsHandshakeFailed = "SmtpTlsHandshakeFailed";

    /// <summary>The negotiated TLS version is below the minimum.</summary>
    public const string TlsVersionTooLow = "SmtpTlsVersionTooLow";

    /// <summary>The certificate is self-signed (or from an unknown root) and not pinned.</summary>
    public const string CertificateSelfSigned = "SmtpCertificateSelfSigned";

    /// <summary>The certificate chain does not validate.</summary>
    public const string CertificateUntrusted = "SmtpCertificateUntrusted";

    /// <summary>The certificate expired or is not valid yet.</summary>
    public const string CertificateExpired = "SmtpCertificateExpired";

    /// <summary>The certificate is for another name.</summary>
    public const string CertificateNameMismatch = "SmtpCertificateNameMismatch";

    /// <summary>The certificate matches none of the pins.</summary>
    public const string CertificatePinMismatch = "SmtpCertificatePinMismatch";

    /// <summary>The credentials were rejected (535); not retried.</summary>
    public const string AuthenticationFailed = "SmtpAuthenticationFailed";

    /// <summary>The server requires authentication (530) and none was given.</summary>
    public const string AuthenticationRequired = "SmtpAuthenticationRequired";

    /// <summary>Credentials were given but the server offers no AUTH mechanism.</summary>
    public const string AuthenticationNotOffered = "SmtpAuthenticationNotOffered";

    /// <summary>One recipient was refused; the message went to the others.</summary>
    public const string RecipientRejected = "SmtpRecipientRejected";

    /// <summary>Every recipient was refused.</summary>
    public const string AllRecipientsRejected = "SmtpAllRecipientsRejected";

    /// <summary>The sender address was refused.</summary>
    public const string SenderRejected = "SmtpSenderRejected";

    /// <summary>The message was refused (5xx).</summary>
    public const string MessageRejected = "SmtpMessageRejected";

    /// <summary>A temporary (4xx) failure persisted through every retry.</summary>
    public const string TransientFailure = "SmtpTransientFailure";

    /// <summary>Some recipients got the message and others did not (refused, or their delivery unknown); non-terminating.</summary>
    public const string PartiallyDelivered = "SmtpPartiallyDelivered";

    /// <summary>An address entry is not exactly one valid mailbox (a group, several addresses, a header injection).</summary>
    public const string AddressInvalid = "SmtpAddressInvalid";

    /// <summary>The message has no recipients.</summary>
    public const string NoRecipients = "SmtpNoRecipients";

    /// <summary>The protocol log file could not be created owner-only.</summary>
    public const string ProtocolLogUnavailable = "SmtpProtocolLogUnavailable";

    /// <summary>Anything else.</summary>
    public const string SendFailed = "SmtpSendFailed";
}
