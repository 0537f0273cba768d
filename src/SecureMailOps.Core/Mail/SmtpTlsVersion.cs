namespace SecureMailOps.Core.Mail;

/// <summary>The lowest TLS version a connection may use (RFC 8997: never below TLS 1.2).</summary>
public enum SmtpTlsVersion
{
    /// <summary>TLS 1.2 or later.</summary>
    Tls12,

    /// <summary>TLS 1.3 only.</summary>
    Tls13,
}
