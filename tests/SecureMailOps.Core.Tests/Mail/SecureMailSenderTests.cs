#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>The sender against real loopback servers that behave, or misbehave in one chosen way each.</summary>
public class SecureMailSenderTests
{
    private static async Task<SecureMailOpsException> SendExpectingError(SmtpProfile profile, OutgoingMessage? message = null)
    {
        using var sender = new SecureMailSender(profile);
        Task<SmtpSendReceipt> send = sender.SendAsync(message ?? Message());
        // A guard so a regression hangs no test run; the timeout itself is the profile's.
        return await Assert.ThrowsAsync<SecureMailOpsException>(() => send.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    private static bool AuthAttempted(ScriptedSmtpServer server) =>
        server.Commands.Any(c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Sends_over_StartTls_with_a_pinned_certificate_and_returns_a_full_receipt()
    {
        using ScriptedSmtpServer server = Server();
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message("one@example.com", "two@example.com"));

        Assert.Equal(new[] { "one@example.com", "two@example.com" }, receipt.AcceptedRecipients);
        Assert.Empty(receipt.RejectedRecipients);
        Assert.Equal(1, receipt.Attempts);
        Assert.Equal("1.3", receipt.TlsProtocol);
        Assert.StartsWith("TLS_", receipt.CipherSuite, StringComparison.Ordinal);
        Assert.Contains("queued", receipt.ServerReply, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(receipt.MessageId));
        ReceivedMessage received = Assert.Single(server.Messages);
        Assert.Contains("Subject: Test subject", received.Data, StringComparison.Ordinal);
        Assert.Contains(receipt.MessageId, received.Data, StringComparison.Ordinal);
        Assert.True(server.Commands.ToList().FindIndex(c => c.StartsWith("STARTTLS", StringComparison.Ordinal))
            < server.Commands.ToList().FindIndex(c => c.StartsWith("AUTH", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_message_carries_one_Date_and_one_Message_Id_at_the_senders_domain_and_a_plain_text_body()
    {
        // The builder passes its own Date and Message-Id to MimeMessage's constructor (the parameterless one
        // would add a host-name Message-Id first); this pins down that exactly one of each reaches the server.
        using ScriptedSmtpServer server = Server();
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message());

        Assert.EndsWith("@example.com", receipt.MessageId, StringComparison.Ordinal);
        string[] headers = Assert.Single(server.Messages).Data.Split("\r\n\r\n", 2)[0].Split("\r\n");
        Assert.Equal("Message-Id: <" + receipt.MessageId + ">", Assert.Single(headers, h => h.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase)));
        string date = Assert.Single(headers, h => h.StartsWith("Date:", StringComparison.OrdinalIgnoreCase));
        Assert.True(DateTimeOffset.TryParse(date.Substring("Date:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTimeOffset sent));
        Assert.InRange(sent, DateTimeOffset.Now.AddMinutes(-5), DateTimeOffset.Now.AddMinutes(1));
        Assert.Contains(headers, h => h.Equals("Content-Type: text/plain; charset=utf-8", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Hello over TLS.", Assert.Single(server.Messages).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_over_implicit_TLS()
    {
        using ScriptedSmtpServer server = Server(o => o.Tls = ServerTls.Implicit);
        using var sender = new SecureMailSender(Profile(server, mode: SmtpTlsMode.Implicit));
        SmtpSendReceipt receipt = await sender.SendAsync(Message());
        Assert.Equal("1.3", receipt.TlsProtocol);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Reuses_one_connection_for_many_messages()
    {
        using ScriptedSmtpServer server = Server();
        using var sender = new SecureMailSender(Profile(server));
        for (int i = 0; i < 5; i++)
        {
            await sender.SendAsync(Message());
        }

        Assert.Equal(5, server.Messages.Count);
        Assert.Equal(1, server.Connections);
        Assert.Equal(1, sender.ConnectionsOpened);
        Assert.Single(server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_refused_is_retried_then_reported()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var profile = new SmtpProfile("127.0.0.1", port) { RetryBaseDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 2 };

        SecureMailOpsException error = await SendExpectingError(profile);
        Assert.Equal(SmtpErrorIds.ConnectFailed, error.ErrorId);
        Assert.Equal(FailureKind.ConnectionError, error.Kind);
    }

    [Fact]
    public async Task A_421_greeting_is_retried_and_succeeds_when_the_server_recovers()
    {
        using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.Greeting421; o.FaultCount = 1; });
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message());
        Assert.Equal(2, receipt.Attempts);
        Assert.Equal(2, server.Connections);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_persistent_421_greeting_gives_up_after_MaxRetries()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.Greeting421);
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.ServiceUnavailable, error.ErrorId);
        Assert.Equal(3, server.Connections);
    }

    [Fact]
    public async Task A_server_without_StartTls_is_refused_before_any_AUTH()
    {
        using ScriptedSmtpServer server = Server(o => { o.Tls = ServerTls.NoStartTls; o.AuthBeforeTls = true; });
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.StartTlsNotOffered, error.ErrorId);
        Assert.Equal(FailureKind.SecurityError, error.Kind);
        Assert.False(AuthAttempted(server));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_454_reply_to_StartTls_is_refused_before_any_AUTH()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.StartTls454);
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.StartTlsRefused, error.ErrorId);
        Assert.False(AuthAttempted(server));
    }

    [Fact]
    public async Task A_broken_handshake_is_a_handshake_failure()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.HandshakeGarbage);
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.TlsHandshakeFailed, error.ErrorId);
        Assert.False(AuthAttempted(server));
    }

    [Fact]
    public async Task A_self_signed_certificate_without_a_pin_is_refused()
    {
        using ScriptedSmtpServer server = Server();
        SecureMailOpsException error = await SendExpectingError(Profile(server, pin: false));
        Assert.Equal(SmtpErrorIds.CertificateSelfSigned, error.ErrorId);
        Assert.Contains(server.Pin, error.Message, StringComparison.Ordinal);
        Assert.False(AuthAttempted(server));
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_even_when_pinned()
    {
        using ScriptedSmtpServer server = Server(o => o.Certificate = ServerCertificate.Expired);
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.CertificateExpired, error.ErrorId);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused()
    {
        using ScriptedSmtpServer server = Server(o => o.Certificate = ServerCertificate.WrongName);
        SecureMailOpsException error = await SendExpectingError(Profile(server, pin: false));
        Assert.Equal(SmtpErrorIds.CertificateNameMismatch, error.ErrorId);
    }

    [Fact]
    public async Task A_certificate_that_matches_no_pin_is_refused()
    {
        using ScriptedSmtpServer server = Server();
        SmtpProfile profile = Profile(server, pin: false);
        profile.AddCertificatePins(new[] { new string('A', 64) });
        SecureMailOpsException error = await SendExpectingError(profile);
        Assert.Equal(SmtpErrorIds.CertificatePinMismatch, error.ErrorId);
        Assert.False(AuthAttempted(server));
    }

    [Fact]
    public async Task TLS_below_the_minimum_is_refused_before_any_command()
    {
        using ScriptedSmtpServer server = Server(o => o.Protocols = SslProtocols.Tls12);
        SmtpProfile profile = Profile(server);
        profile.MinimumTlsVersion = SmtpTlsVersion.Tls13;
        SecureMailOpsException error = await SendExpectingError(profile);
        Assert.Equal(SmtpErrorIds.TlsVersionTooLow, error.ErrorId);
        Assert.Contains("1.2", error.Message, StringComparison.Ordinal);
        Assert.False(AuthAttempted(server));
    }

    [Fact]
    public async Task A_535_is_an_authentication_failure_and_is_not_retried()
    {
        using ScriptedSmtpServer server = Server(o => o.Credentials = "alice:another-password");
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.AuthenticationFailed, error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationError, error.Kind);
        Assert.Single(server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Equal(1, server.Connections);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_550_for_one_recipient_is_reported_while_the_others_get_the_message()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.RejectRecipient550);
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message("one@example.com", "bad@example.com", "two@example.com"));
        Assert.Equal(new[] { "one@example.com", "two@example.com" }, receipt.AcceptedRecipients);
        SmtpRecipientRejection rejection = Assert.Single(receipt.RejectedRecipients);
        Assert.Equal("bad@example.com", rejection.Address);
        Assert.Equal(550, rejection.StatusCode);
        ReceivedMessage received = Assert.Single(server.Messages);
        Assert.Equal(new[] { "one@example.com", "two@example.com" }, received.Recipients);
    }

    [Fact]
    public async Task Every_recipient_refused_is_an_error()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.RejectRecipient550);
        SecureMailOpsException error = await SendExpectingError(Profile(server), Message("bad@example.com"));
        Assert.Equal(SmtpErrorIds.AllRecipientsRejected, error.ErrorId);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_452_recipient_is_retried_in_its_own_transaction_without_resending_to_the_others()
    {
        using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.DeferRecipient452; o.FaultCount = 1; });
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message("one@example.com", "bad@example.com"));
        Assert.Equal(new[] { "one@example.com", "bad@example.com" }, receipt.AcceptedRecipients);
        Assert.Empty(receipt.RejectedRecipients);
        Assert.Equal(2, receipt.Attempts);
        Assert.Equal(new[] { "one@example.com" }, server.Messages.First().Recipients);
        Assert.Equal(new[] { "bad@example.com" }, server.Messages.Last().Recipients);
    }

    [Fact]
    public async Task A_451_at_the_end_of_DATA_is_retried_and_delivered_once()
    {
        using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.DataEnd451; o.FaultCount = 1; });
        using var sender = new SecureMailSender(Profile(server));
        SmtpSendReceipt receipt = await sender.SendAsync(Message());
        Assert.Equal(2, receipt.Attempts);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_connection_dropped_mid_DATA_is_retried_on_a_new_connection()
    {
        // A message larger than the socket buffers, so the client is still writing when the server hangs up.
        string attachment = Path.Combine(Path.GetTempPath(), "big-" + Guid.NewGuid().ToString("n") + ".bin");
        byte[] content = new byte[12 * 1024 * 1024];
        new Random(42).NextBytes(content);
        await File.WriteAllBytesAsync(attachment, content);
        try
        {
            using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.DropMidData; o.FaultCount = 1; });
            using var sender = new SecureMailSender(Profile(server));
            OutgoingMessage message = Message();
            message.Attachments.Add(attachment);
            SmtpSendReceipt receipt = await sender.SendAsync(message);
            Assert.Equal(2, receipt.Attempts);
            Assert.Equal(2, server.Connections);
            Assert.Single(server.Messages);
        }
        finally
        {
            File.Delete(attachment);
        }
    }

    [Fact]
    public async Task A_connection_dropped_after_the_final_dot_is_delivery_unknown_and_not_resent()
    {
        using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.DropAfterDot; o.FaultCount = 1; });
        SecureMailOpsException error = await SendExpectingError(Profile(server));
        Assert.Equal(SmtpErrorIds.DeliveryUnknown, error.ErrorId);
        Assert.Equal(FailureKind.OutcomeUnknown, error.Kind);
        Assert.Equal(1, server.Connections);
        Assert.Single(server.Commands, c => c == "DATA");
    }

    [Fact]
    public async Task Delivery_unknown_is_resent_only_when_asked()
    {
        using ScriptedSmtpServer server = Server(o => { o.Fault = Fault.DropAfterDot; o.FaultCount = 1; });
        using var sender = new SecureMailSender(Profile(server)) { ResendWhenDeliveryUnknown = true };
        SmtpSendReceipt receipt = await sender.SendAsync(Message());
        Assert.Equal(2, receipt.Attempts);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_server_that_stops_answering_times_out()
    {
        using ScriptedSmtpServer server = Server(o => o.Fault = Fault.StopAnswering);
        SmtpProfile profile = Profile(server);
        profile.Timeout = TimeSpan.FromSeconds(1);
        SecureMailOpsException error = await SendExpectingError(profile);
        Assert.Equal(SmtpErrorIds.Timeout, error.ErrorId);
        Assert.Equal(FailureKind.OperationTimeout, error.Kind);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_missing_attachment_stops_the_message_before_any_connection()
    {
        using ScriptedSmtpServer server = Server();
        OutgoingMessage message = Message();
        message.Attachments.Add(Path.Combine(Path.GetTempPath(), "no-such-file-" + Guid.NewGuid().ToString("n")));
        SecureMailOpsException error = await SendExpectingError(Profile(server), message);
        Assert.Equal("SmtpAttachmentNotFound", error.ErrorId);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task The_protocol_log_redacts_the_password_and_the_OAuth_token_and_omits_message_content()
    {
        const string token = "ya29.Planted-OAuth-Token-9f8e7d";
        string log = Path.Combine(Path.GetTempPath(), "smtp-log-" + Guid.NewGuid().ToString("n") + ".txt");
        try
        {
            using (ScriptedSmtpServer server = Server())
            {
                SmtpProfile profile = Profile(server);
                profile.ProtocolLogPath = log;
                using var sender = new SecureMailSender(profile);
                OutgoingMessage message = Message();
                message.TextBody = "Your one-time code is 246810.";
                await sender.SendAsync(message);
            }

            using (ScriptedSmtpServer server = Server(o => o.Credentials = "alice:" + token))
            {
                SmtpProfile profile = Profile(server);
                profile.SetOAuthToken("alice", Secure(token));
                profile.ProtocolLogPath = log;
                using var sender = new SecureMailSender(profile);
                await sender.SendAsync(Message());
                Assert.Contains(server.Commands, c => c.StartsWith("AUTH XOAUTH2", StringComparison.Ordinal));
            }

            string text = File.ReadAllText(log);
            Assert.Contains("AUTH", text, StringComparison.Ordinal);
            Assert.Contains("********", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("\0alice\0" + Password)), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("user=alice\u0001auth=Bearer " + token + "\u0001\u0001")), text, StringComparison.Ordinal);
            Assert.DoesNotContain("246810", text, StringComparison.Ordinal);
            Assert.Contains("message content not logged", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
