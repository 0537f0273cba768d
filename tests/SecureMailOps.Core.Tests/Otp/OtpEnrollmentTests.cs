using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using Xunit;

namespace SecureMailOps.Core.Tests.Otp;

public class OtpEnrollmentTests
{
    [Fact]
    public void Uri_follows_the_key_uri_format_with_percent_encoding()
    {
        string uri = OtpEnrollmentBuilder.BuildUri("ACME Co & Sons", "jöhn+doe@example.com", "JBSWY3DPEHPK3PXP", OtpAlgorithm.SHA256, 8, 60);
        Assert.Equal(
            "otpauth://totp/ACME%20Co%20%26%20Sons:j%C3%B6hn%2Bdoe%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co%20%26%20Sons&algorithm=SHA256&digits=8&period=60",
            uri);
    }

    [Theory]
    [InlineData("Evil:Issuer", "alice")]
    [InlineData("Issuer", "al:ice")]
    public void Colons_in_issuer_or_account_are_refused(string issuer, string account)
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => OtpEnrollmentBuilder.BuildUri(issuer, account, "JBSWY3DPEHPK3PXP", OtpAlgorithm.SHA1, 6, 30));
        Assert.Equal("OtpEnrollmentLabelColon", ex.ErrorId);
    }

    [Fact]
    public void Png_and_terminal_renderings_have_the_expected_shape()
    {
        byte[] png = OtpEnrollmentBuilder.RenderPng("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4).ToArray());
        var lines = OtpEnrollmentBuilder.RenderTerminal("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A");
        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
        Assert.Equal((lines[0].Length + 1) / 2, lines.Count);

        // The quiet zone is light: drawn as full blocks on a dark terminal.
        Assert.All(lines[0], c => Assert.Equal('\u2588', c));
    }
}
