namespace SecureMailOps.Core.Mail;

/// <summary>
/// How TLS starts on an SMTP connection. There is deliberately no cleartext or opportunistic mode
/// (RFC 8314): MailKit's Auto, StartTlsWhenAvailable and None are never used.
/// </summary>
public enum SmtpTlsMode
{
    /// <summary>Plain connection upgraded with STARTTLS before anything else (submission, port 587); refused when STARTTLS is missing.</summary>
    StartTls,

    /// <summary>TLS from the first byte (submissions, port 465).</summary>
    Implicit,
}
