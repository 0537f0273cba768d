#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.IO;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>One mailbox per address entry; and the protocol log file is created owner-only.</summary>
public class AddressEntryTests
{
    [Theory]
    [InlineData("To", "a@x.test\r\nBcc: evil@y.test")]
    [InlineData("To", "a@x.test\nBcc: evil@y.test")]
    [InlineData("To", "a@x.test, b@x.test")]
    [InlineData("To", "a@x.test; b@x.test")]
    [InlineData("Cc", "Team: a@x.test, b@x.test;")]
    [InlineData("Bcc", "\"A\" <a@x.test>, evil@y.test")]
    [InlineData("ReplyTo", "a@x.test, b@x.test")]
    [InlineData("To", "not an address")]
    public async Task An_entry_that_is_not_exactly_one_mailbox_is_refused_before_any_connection(string field, string entry)
    {
        using ScriptedSmtpServer server = Server();
        using var sender = new SecureMailSender(Profile(server));
        OutgoingMessage message = Message("ok@example.com");
        (field switch { "To" => message.To, "Cc" => message.Cc, "Bcc" => message.Bcc, _ => message.ReplyTo }).Add(entry);

        SecureMailOpsException error = await Assert.ThrowsAsync<SecureMailOpsException>(() => sender.SendAsync(message));
        Assert.Equal(SmtpErrorIds.AddressInvalid, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Equal(entry, error.Target);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task A_display_name_is_allowed_and_each_entry_is_one_recipient()
    {
        using ScriptedSmtpServer server = Server();
        using var sender = new SecureMailSender(Profile(server));
        OutgoingMessage message = Message("\"Ops, Team\" <ops@example.com>", "Second <second@example.com>");
        SmtpSendReceipt receipt = await sender.SendAsync(message);
        Assert.Equal(new[] { "ops@example.com", "second@example.com" }, receipt.AcceptedRecipients);
        Assert.Equal(new[] { "ops@example.com", "second@example.com" }, Assert.Single(server.Messages).Recipients);
    }

    [Fact]
    public async Task A_new_protocol_log_is_created_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string log = Path.Combine(Path.GetTempPath(), "smtp-mode-" + Guid.NewGuid().ToString("n") + ".log");
        try
        {
            using ScriptedSmtpServer server = Server();
            SmtpProfile profile = Profile(server);
            profile.ProtocolLogPath = log;
            using (var sender = new SecureMailSender(profile))
            {
                await sender.SendAsync(Message());
                await sender.DisconnectAsync();
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
            Assert.Contains("EHLO", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
