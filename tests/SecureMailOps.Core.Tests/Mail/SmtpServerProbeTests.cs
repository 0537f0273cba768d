#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.Security.Authentication;
using System.Threading.Tasks;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

public class SmtpServerProbeTests
{
    [Fact]
    public async Task Reports_a_Connection_record_with_TLS_certificate_and_AUTH_before_TLS()
    {
        using ScriptedSmtpServer server = Server(o => { o.AuthBeforeTls = true; o.Protocols = SslProtocols.Tls12; });
        SmtpConnectionReport report = await SmtpServerProbe.ProbeAsync(Profile(server));

        Assert.Equal("Connection", report.Kind);
        Assert.Equal($"smtp://localhost:{server.Port}", report.Id);
        Assert.Equal("smtp", report.Protocol);
        Assert.Contains("scripted", report.Banner, StringComparison.Ordinal);
        Assert.True(report.StartTlsOffered);
        Assert.Contains("STARTTLS", report.CapabilitiesBeforeTls);
        Assert.DoesNotContain("STARTTLS", report.Capabilities);
        Assert.True(report.AuthBeforeTls);
        Assert.Equal(new[] { "PLAIN", "LOGIN", "XOAUTH2" }, report.AuthMechanismsAfterTls);
        Assert.True(report.Tls.Enabled);
        Assert.Equal("1.2", report.Tls.Version);
        Assert.False(string.IsNullOrEmpty(report.Tls.CipherSuite));
        Assert.Equal("CN=localhost", report.Tls.Subject);
        Assert.Contains("DNS:localhost", report.Tls.SubjectAlternativeNames);
        Assert.Contains("IP:127.0.0.1", report.Tls.SubjectAlternativeNames);
        Assert.True(report.Tls.PinMatch);
        Assert.False(report.Tls.ChainValid);
        Assert.True(report.Tls.NameMatch);
        Assert.True(report.Tls.CertificateValid);
        Assert.InRange(report.Tls.CertificateDaysLeft, 88, 90);
        Assert.Equal(server.Pin, report.Tls.Sha256Fingerprint);
        Assert.Contains(report.Findings, f => f.Contains("AUTH is offered before TLS", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal) || c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reports_a_missing_StartTls_as_a_finding()
    {
        using ScriptedSmtpServer server = Server(o => o.Tls = ServerTls.NoStartTls);
        SmtpConnectionReport report = await SmtpServerProbe.ProbeAsync(Profile(server));
        Assert.False(report.StartTlsOffered);
        Assert.False(report.Tls.Enabled);
        Assert.Equal(SmtpErrorIds.StartTlsNotOffered, report.Error);
        Assert.False(report.AuthBeforeTls);
    }

    [Fact]
    public async Task Reports_an_expired_unpinned_certificate_over_implicit_TLS()
    {
        using ScriptedSmtpServer server = Server(o => { o.Tls = ServerTls.Implicit; o.Certificate = ServerCertificate.Expired; });
        SmtpConnectionReport report = await SmtpServerProbe.ProbeAsync(Profile(server, pin: false, mode: SmtpTlsMode.Implicit));
        Assert.True(report.Tls.Enabled);
        Assert.Equal("1.3", report.Tls.Version);
        Assert.False(report.Tls.CertificateValid);
        Assert.True(report.Tls.CertificateDaysLeft < 0);
        Assert.Null(report.Tls.PinMatch);
        Assert.Equal(SmtpErrorIds.CertificateExpired, report.Tls.CertificateProblem);
    }
}
