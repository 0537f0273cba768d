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

    /// <summary>The server refused the OAuth access token, also a freshly acquired one (535 5.7.3 or an XOAUTH2 error); not retried further.</summary>
    public const string OAuthTokenRefused = "SmtpOAuthTokenRefused";

    /// <summary>The server requires authentication (530) and none was given.</summary>
    public const string AuthenticationRequired = "SmtpAuthenticationRequired";

    /// <summary>Credentials were given but the server offers no AUTH mechanism.</summary>
    public const string AuthenticationNotOffered = "SmtpAuthenticationNotOffered";

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

    /// <summary>An attachment does not exist or matches no file.</summary>
    public const string AttachmentNotFound = "SmtpAttachmentNotFound";

    /// <summary>An attachment path is not on the file system.</summary>
    public const string AttachmentNotFile = "SmtpAttachmentNotFile";

    /// <summary>An attachment could not be read.</summary>
    public const string AttachmentUnreadable = "SmtpAttachmentUnreadable";

    /// <summary>DKIM signing was asked for without all of key, domain and selector.</summary>
    public const string DkimIncomplete = "SmtpDkimIncomplete";

    /// <summary>The protocol log file could not be created owner-only.</summary>
    public const string ProtocolLogUnavailable = "SmtpProtocolLogUnavailable";

    /// <summary>Anything else.</summary>
    public const string SendFailed = "SmtpSendFailed";

    /// <summary>The server presented no certificate.</summary>
    public const string CertificateMissing = "SmtpCertificateMissing";

    /// <summary>A -Header name is not a valid header name, or its value contains a line break.</summary>
    public const string HeaderInvalid = "SmtpHeaderInvalid";

    /// <summary>A -Header is one set by its own parameter.</summary>
    public const string HeaderReserved = "SmtpHeaderReserved";

    /// <summary>The DKIM key file does not exist; the message was not sent.</summary>
    public const string DkimKeyNotFound = "SmtpDkimKeyNotFound";

    /// <summary>The DKIM key is not an RSA private key in PEM form.</summary>
    public const string DkimKeyInvalid = "SmtpDkimKeyInvalid";

    /// <summary>A user name is required with a password.</summary>
    public const string UserNameMissing = "SmtpUserNameMissing";

    /// <summary>A certificate pin must be a SHA-256 fingerprint: 64 hexadecimal digits (colons allowed).</summary>
    public const string CertificatePinInvalid = "SmtpCertificatePinInvalid";

    /// <summary>An SMTP server name is required.</summary>
    public const string ServerMissing = "SmtpServerMissing";

    /// <summary>The port is outside 1-65535.</summary>
    public const string PortInvalid = "SmtpPortInvalid";

    /// <summary>The timeout must be between 1 ms and 1 hour.</summary>
    public const string TimeoutInvalid = "SmtpTimeoutInvalid";

    /// <summary>MaxRetries must be between 0 and 10.</summary>
    public const string MaxRetriesInvalid = "SmtpMaxRetriesInvalid";

    /// <summary>The retry delay must be between 0 and 5 minutes.</summary>
    public const string RetryDelayInvalid = "SmtpRetryDelayInvalid";
}
