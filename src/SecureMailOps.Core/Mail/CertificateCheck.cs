using System;
using System.Collections.Generic;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// The facts about a server certificate and the one verdict the sender acts on. Order matters and is
/// deliberate: expiry first (a pin never revives an expired certificate), then the pin (a pin replaces
/// chain and name trust for a self-signed internal server, but a mismatch is never accepted), then the
/// name, then the chain (so a self-signed certificate for the wrong name reports the name).
/// </summary>
internal sealed class CertificateCheck
{
    private CertificateCheck()
    {
    }

    public string Sha256 { get; private set; } = string.Empty;

    public string Subject { get; private set; } = string.Empty;

    public string Issuer { get; private set; } = string.Empty;

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    public IReadOnlyList<string> SubjectAlternativeNames { get; private set; } = Array.Empty<string>();

    public bool ChainValid { get; private set; }

    public bool NameMatch { get; private set; }

    public bool SelfSigned { get; private set; }

    public bool? PinMatch { get; private set; }

    public bool TimeValid { get; private set; }

    /// <summary>Gets the error id that refuses this certificate, or null when it is acceptable.</summary>
    public string? FailureId { get; private set; }

    /// <summary>Gets the message for <see cref="FailureId"/>.</summary>
    public string? FailureMessage { get; private set; }

    public int DaysLeft(DateTimeOffset now) => (int)Math.Floor((NotAfter - now).TotalDays);

    public static CertificateCheck Inspect(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, IReadOnlyList<string> pins, string host, DateTimeOffset now)
    {
        var check = new CertificateCheck();
        if (certificate is null)
        {
            check.FailureId = SmtpErrorIds.CertificateMissing;
            check.FailureMessage = $"The server {host} presented no certificate.";
            return check;
        }

        using var owned = new X509Certificate2(certificate);
        X509Certificate2 cert = owned;
        check.Sha256 = Fingerprint(cert.RawData);
        check.Subject = cert.Subject;
        check.Issuer = cert.Issuer;
        check.NotBefore = new DateTimeOffset(cert.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        check.NotAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        check.SubjectAlternativeNames = SubjectAltNames.Read(cert);
        check.TimeValid = now >= check.NotBefore && now <= check.NotAfter;
        check.NameMatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        check.ChainValid = (errors & SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == SslPolicyErrors.None;
        check.SelfSigned = string.Equals(cert.Subject, cert.Issuer, StringComparison.Ordinal) || IsUntrustedRoot(chain);
        if (pins.Count > 0)
        {
            bool match = false;
            foreach (string pin in pins)
            {
                match |= string.Equals(pin, check.Sha256, StringComparison.Ordinal);
            }

            check.PinMatch = match;
        }

        if (!check.TimeValid)
        {
            check.FailureId = SmtpErrorIds.CertificateExpired;
            check.FailureMessage = now > check.NotAfter
                ? $"The certificate of {host} expired on {check.NotAfter:yyyy-MM-dd HH:mm} UTC ({check.Subject})."
                : $"The certificate of {host} is not valid before {check.NotBefore:yyyy-MM-dd HH:mm} UTC ({check.Subject}).";
        }
        else if (check.PinMatch == true)
        {
            // Pinned: this exact certificate is trusted, whatever its chain and name.
        }
        else if (check.PinMatch == false)
        {
            check.FailureId = SmtpErrorIds.CertificatePinMismatch;
            check.FailureMessage = $"The certificate of {host} (SHA-256 {check.Sha256}) matches none of the pinned fingerprints.";
        }
        else if (!check.NameMatch)
        {
            check.FailureId = SmtpErrorIds.CertificateNameMismatch;
            check.FailureMessage = $"The certificate of {host} is issued to '{check.Subject}' (SANs: {string.Join(", ", check.SubjectAlternativeNames)}), not to {host}.";
        }
        else if (!check.ChainValid)
        {
            check.FailureId = check.SelfSigned ? SmtpErrorIds.CertificateSelfSigned : SmtpErrorIds.CertificateUntrusted;
            check.FailureMessage = check.SelfSigned
                ? $"The certificate of {host} is self-signed or from an unknown root ({check.Subject}); pin it with its SHA-256 fingerprint {check.Sha256} if this server is yours."
                : $"The certificate chain of {host} does not validate ({ChainStatus(chain)}).";
        }

        return check;
    }

    public static string Fingerprint(byte[] rawData)
    {
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(rawData);
        var builder = new StringBuilder(hash.Length * 2);
        foreach (byte b in hash)
        {
            builder.Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static bool IsUntrustedRoot(X509Chain? chain)
    {
        if (chain is null)
        {
            return false;
        }

        foreach (X509ChainStatus status in chain.ChainStatus)
        {
            if (status.Status is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain)
            {
                return true;
            }
        }

        return false;
    }

    private static string ChainStatus(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "no chain";
        }

        var parts = new List<string>();
        foreach (X509ChainStatus status in chain.ChainStatus)
        {
            parts.Add(status.Status.ToString());
        }

        return string.Join(", ", parts);
    }
}
