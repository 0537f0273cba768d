using System;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using Xunit;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>Pure engine units: no network.</summary>
public class SmtpProfileTests
{
    [Theory]
    [InlineData(SmtpTlsMode.StartTls, 587)]
    [InlineData(SmtpTlsMode.Implicit, 465)]
    public void The_default_port_follows_the_TLS_mode(SmtpTlsMode mode, int port) =>
        Assert.Equal(port, new SmtpProfile("mail.example.com", 0, mode).Port);

    [Fact]
    public void Pins_are_normalized_and_malformed_pins_refused()
    {
        string hex = new string('a', 62) + "0F";
        Assert.Equal(hex.ToUpperInvariant(), SmtpProfile.NormalizePin(string.Join(":", Chunks(hex))));
        var error = Assert.Throws<SecureMailOpsException>(() => SmtpProfile.NormalizePin("abcd"));
        Assert.Equal("SmtpCertificatePinInvalid", error.ErrorId);
        Assert.Throws<SecureMailOpsException>(() => SmtpProfile.NormalizePin(new string('g', 64)));
    }

    [Fact]
    public void The_profile_never_shows_its_secret()
    {
        var profile = new SmtpProfile("mail.example.com");
        profile.SetPassword("alice", SmtpTestSupport.Secure("Secret-Value-123"));
        Assert.True(profile.HasPassword);
        Assert.DoesNotContain("Secret-Value-123", profile.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_session_tracker_sees_the_final_dot_only_after_DATA()
    {
        var tracker = new SessionTracker(null);
        tracker.BeginTransaction();
        Feed(tracker, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n");
        Feed(tracker, "\r\n.\r\n");
        Assert.False(tracker.FinalDotSent);
        Feed(tracker, "DATA\r\n");
        Feed(tracker, "Subject: x\r\n\r\nbody\r\n..stuffed\r\n");
        Assert.False(tracker.FinalDotSent);
        Feed(tracker, ".");
        Feed(tracker, "\r\n");
        Assert.True(tracker.FinalDotSent);
        tracker.BeginTransaction();
        Assert.False(tracker.FinalDotSent);
    }

    private static void Feed(SessionTracker tracker, string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        tracker.LogClient(bytes, 0, bytes.Length);
    }

    private static string[] Chunks(string hex)
    {
        var parts = new string[hex.Length / 2];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = hex.Substring(i * 2, 2);
        }

        return parts;
    }
}
