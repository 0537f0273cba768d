using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Mail;

/// <summary>The TLS part of a Connection record (field names follow the policy contract: Tls.Enabled, Tls.Version, ...).</summary>
public sealed class SmtpTlsReport
{
    /// <summary>Gets a value indicating whether TLS was established.</summary>
    public bool Enabled { get; internal set; }

    /// <summary>Gets the negotiated TLS version: "1.0" to "1.3", or empty.</summary>
    public string Version { get; internal set; } = string.Empty;

    /// <summary>Gets the negotiated cipher suite.</summary>
    public string CipherSuite { get; internal set; } = string.Empty;

    /// <summary>Gets a value indicating whether the certificate is acceptable: in date and either chain-and-name valid or pinned.</summary>
    public bool CertificateValid { get; internal set; }

    /// <summary>Gets the whole days until the certificate expires (negative once expired).</summary>
    public int CertificateDaysLeft { get; internal set; }

    /// <summary>Gets the certificate subject.</summary>
    public string Subject { get; internal set; } = string.Empty;

    /// <summary>Gets the certificate issuer.</summary>
    public string Issuer { get; internal set; } = string.Empty;

    /// <summary>Gets the subject alternative names ("DNS:host", "IP:address").</summary>
    public IReadOnlyList<string> SubjectAlternativeNames { get; internal set; } = Array.Empty<string>();

    /// <summary>Gets the start of the certificate's validity.</summary>
    public DateTimeOffset? NotBefore { get; internal set; }

    /// <summary>Gets the certificate's expiry.</summary>
    public DateTimeOffset? Expires { get; internal set; }

    /// <summary>Gets a value indicating whether the chain validates against the system's trusted roots.</summary>
    public bool ChainValid { get; internal set; }

    /// <summary>Gets a value indicating whether the certificate is issued to the server name.</summary>
    public bool NameMatch { get; internal set; }

    /// <summary>Gets whether the certificate matches a pin: null when no pin was given.</summary>
    public bool? PinMatch { get; internal set; }

    /// <summary>Gets the certificate's SHA-256 fingerprint (what -CertificatePin takes).</summary>
    public string Sha256Fingerprint { get; internal set; } = string.Empty;

    /// <summary>Gets why the certificate would be refused by Send-SecureMail (an error id), or empty.</summary>
    public string CertificateProblem { get; internal set; } = string.Empty;

    /// <inheritdoc />
    public override string ToString() => Enabled ? $"TLS {Version} {CipherSuite}" : "no TLS";
}
