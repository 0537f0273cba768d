using System.Net.Security;
using System.Security.Authentication;

namespace SecureMailOps.Core.Mail;

/// <summary>Turns negotiated TLS parameters into the names reports use ("1.2", "TLS_AES_256_GCM_SHA384").</summary>
internal static class TlsNames
{
    /// <summary>SslProtocols.Tls13 (12288): the netstandard2.0 reference surface has no named member for it.</summary>
    public const SslProtocols Tls13 = (SslProtocols)12288;

    /// <summary>What the client offers: TLS 1.2 and 1.3, so that a server below a 1.3 minimum is identified precisely and refused before any command.</summary>
    public const SslProtocols Offered = SslProtocols.Tls12 | Tls13;

    public static string Version(SslProtocols protocol) => (int)protocol switch
    {
        12288 => "1.3",
        3072 => "1.2",
        768 => "1.1",
        192 => "1.0",
        48 => "SSL3",
        12 => "SSL2",
        _ => string.Empty,
    };

    public static bool Meets(SslProtocols negotiated, SmtpTlsVersion minimum) => minimum switch
    {
        SmtpTlsVersion.Tls13 => (int)negotiated == 12288,
        _ => (int)negotiated is 12288 or 3072,
    };

    /// <summary>The one wording, for the sender's refusal and the probe's finding alike.</summary>
    public static string BelowMinimum(string negotiated, SmtpTlsVersion minimum) =>
        $"TLS {(negotiated.Length == 0 ? "(unknown version)" : negotiated)} is below the minimum {(minimum == SmtpTlsVersion.Tls13 ? "1.3" : "1.2")}";

    /// <summary>The IANA cipher suite name; the property exists on .NET Core 3+ at run time but not in netstandard2.0.</summary>
    public static string CipherSuite(SslStream? stream)
    {
        if (stream is null)
        {
            return string.Empty;
        }

        object? value = typeof(SslStream).GetProperty("NegotiatedCipherSuite")?.GetValue(stream);
        return value?.ToString() ?? $"{stream.CipherAlgorithm}-{stream.CipherStrength}/{stream.HashAlgorithm}/{stream.KeyExchangeAlgorithm}";
    }
}
