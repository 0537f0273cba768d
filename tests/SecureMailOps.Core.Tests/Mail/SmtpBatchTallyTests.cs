#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// The batch policy Send-SecureMail applies to each outcome (receipt, non-terminating error, or stop), over
/// real outcomes from the dispatcher and the scripted server; and how pipeline address entries become recipients.
/// </summary>
public class SmtpBatchTallyTests
{
    private const string Good = "one@example.com";
    private const string Bad = "bad@example.com";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static async Task<SmtpDeliveryOutcome[]> Send(ScriptedSmtpServer server, int count, Func<int, OutgoingMessage> message)
    {
        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        SmtpProfile profile = Profile(server);
        using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
        {
            for (int i = 0; i < count; i++)
            {
                await dispatcher.EnqueueAsync(profile, message(i));
            }

            await dispatcher.CompleteAsync().WaitAsync(Guard);
        }

        return outcomes.OrderBy(o => o.Index).ToArray();
    }

    [Fact]
    public async Task A_delivered_message_is_a_receipt_and_no_error()
    {
        using ScriptedSmtpServer server = Server();
        SmtpDeliveryOutcome outcome = Assert.Single(await Send(server, 1, _ => Message(Good)));
        var tally = new SmtpBatchTally();

        Assert.Equal(SmtpOutcomeAction.WriteReceipt, tally.Record(outcome));
        Assert.Equal((1, 0), (tally.Sent, tally.Failed));
        Assert.Equal("1 sent, 0 failed", tally.Status);
    }

    [Fact]
    public async Task A_partial_delivery_is_a_receipt_and_a_non_terminating_error_never_a_stop()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "RCPT" && s.Argument == Bad ? ScriptAction.Answer("550 5.1.1 No such user") : ScriptAction.Default);
        SmtpDeliveryOutcome outcome = Assert.Single(await Send(server, 1, _ => Message(Good, Bad)));
        Assert.Equal(SmtpDeliveryStatus.PartiallyDelivered, outcome.Status);
        var tally = new SmtpBatchTally();

        Assert.Equal(SmtpOutcomeAction.WriteReceipt | SmtpOutcomeAction.WriteError, tally.Record(outcome));
        Assert.Equal(SmtpErrorIds.PartiallyDelivered, outcome.Error!.ErrorId);
        Assert.Equal((1, 0), (tally.Sent, tally.Failed));
    }

    [Fact]
    public async Task A_message_refused_for_every_recipient_is_one_non_terminating_error()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "RCPT" ? ScriptAction.Answer("550 5.1.1 No such user") : ScriptAction.Default);
        SmtpDeliveryOutcome[] outcomes = await Send(server, 2, _ => Message(Bad));
        var tally = new SmtpBatchTally();

        Assert.All(outcomes, o => Assert.Equal(SmtpOutcomeAction.WriteError, tally.Record(o)));
        Assert.Equal((0, 2), (tally.Sent, tally.Failed));
    }

    [Fact]
    public async Task Rejected_credentials_stop_the_batch_once_and_the_skipped_messages_are_plain_errors()
    {
        using ScriptedSmtpServer server = Server(o => o.Credentials = "alice:another-password");
        SmtpDeliveryOutcome[] outcomes = await Send(server, 3, _ => Message(Good));
        var tally = new SmtpBatchTally();

        SmtpOutcomeAction[] actions = outcomes.Select(tally.Record).ToArray();
        Assert.Equal(SmtpOutcomeAction.StopBatch, actions[0]);
        Assert.Equal(new[] { SmtpOutcomeAction.WriteError, SmtpOutcomeAction.WriteError }, actions.Skip(1));
        Assert.Equal((0, 3), (tally.Sent, tally.Failed));
        Assert.Empty(server.DataReceived);
    }

    [Fact]
    public void A_message_refused_before_sending_counts_as_failed()
    {
        var tally = new SmtpBatchTally();
        tally.RecordNotSent();
        Assert.Equal("0 sent, 1 failed", tally.Status);
    }

    [Fact]
    public void Address_entries_skip_blanks_keep_order_and_are_never_split()
    {
        var message = new OutgoingMessage();
        message.AddAddresses(new[] { "a@x.test", " ", null, "B <b@x.test>" }, new[] { string.Empty, "c@x.test, d@x.test" }, null, new[] { "r@x.test" });

        Assert.Equal(new[] { "a@x.test", "B <b@x.test>" }, message.To);
        Assert.Equal(new[] { "c@x.test, d@x.test" }, message.Cc);
        Assert.Empty(message.Bcc);
        Assert.Equal(new[] { "r@x.test" }, message.ReplyTo);
    }

    [Fact]
    public async Task An_entry_holding_two_addresses_is_refused_by_name_and_nothing_is_sent()
    {
        using ScriptedSmtpServer server = Server();
        var message = new OutgoingMessage { From = "ops@example.com", Subject = "s", TextBody = "b" };
        message.AddAddresses(new[] { Good }, new[] { "c@x.test, d@x.test" });
        SmtpDeliveryOutcome outcome = Assert.Single(await Send(server, 1, _ => message));

        Assert.Equal(SmtpErrorIds.AddressInvalid, outcome.Error!.ErrorId);
        Assert.Contains("c@x.test, d@x.test", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Empty(server.DataReceived);
    }
}
