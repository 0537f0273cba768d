#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// The dispatcher over the scripted server, one sequence per test, each asserting what the server
/// received: one DATA per accepted recipient, never two.
/// </summary>
public class SmtpDispatcherTests
{
    private const string Good = "one@example.com";
    private const string Bad = "bad@example.com";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static async Task<SmtpDeliveryOutcome> SendOne(ScriptedSmtpServer server, OutgoingMessage message, Action<SmtpProfile>? configure = null)
    {
        SmtpProfile profile = Profile(server);
        configure?.Invoke(profile);
        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions());
        SmtpDeliveryOutcome outcome = await dispatcher.SendAsync(profile, message).WaitAsync(Guard);
        await dispatcher.CompleteAsync().WaitAsync(Guard);
        return outcome;
    }

    /// <summary>Every recipient's count over the data the server received in full.</summary>
    private static Dictionary<string, int> DataPerRecipient(ScriptedSmtpServer server) =>
        server.DataReceived.SelectMany(m => m.Recipients).GroupBy(r => r, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    private static ScriptAction DeferBadInFirstTransaction(ScriptStep step, Func<ScriptStep, ScriptAction> later) =>
        step.Transaction == 1
            ? (step.Verb == "RCPT" && step.Argument == Bad ? ScriptAction.Answer("452 4.5.3 Too many recipients") : ScriptAction.Default)
            : later(step);

    [Fact]
    public async Task A_452_then_a_550_in_the_retry_transaction_is_a_partial_delivery_and_nothing_is_resent()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = step => DeferBadInFirstTransaction(step,
            s => s.Verb == "RCPT" && s.Argument == Bad ? ScriptAction.Answer("550 5.1.1 <bad@example.com>: Recipient address rejected: User unknown") : ScriptAction.Default));

        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good, Bad));

        Assert.Equal(SmtpDeliveryStatus.PartiallyDelivered, outcome.Status);
        Assert.Equal(new[] { Good }, outcome.Receipt!.AcceptedRecipients);
        SmtpRecipientRejection rejection = Assert.Single(outcome.Receipt.RejectedRecipients);
        Assert.Equal(Bad, rejection.Address);
        Assert.Equal(550, rejection.StatusCode);
        Assert.Contains("User unknown", rejection.Reply, StringComparison.Ordinal);
        Assert.Empty(outcome.Receipt.DeliveryUnknownRecipients);
        Assert.Equal(SmtpErrorIds.PartiallyDelivered, outcome.Error!.ErrorId);
        Assert.Contains(Bad, outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not to: " + Good, outcome.Error.Message, StringComparison.Ordinal);

        ReceivedMessage data = Assert.Single(server.DataReceived);
        Assert.Equal(new[] { Good }, data.Recipients);
        Assert.Equal(2, server.Transactions);
    }

    [Fact]
    public async Task A_452_then_the_connection_dropped_before_DATA_every_time_lists_the_recipient_as_not_delivered()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = step => DeferBadInFirstTransaction(step,
            s => s.Verb == "RCPT" ? ScriptAction.Drop : ScriptAction.Default));

        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good, Bad));

        Assert.Equal(SmtpDeliveryStatus.PartiallyDelivered, outcome.Status);
        Assert.Equal(new[] { Good }, outcome.Receipt!.AcceptedRecipients);
        SmtpRecipientRejection rejection = Assert.Single(outcome.Receipt.RejectedRecipients);
        Assert.Equal(Bad, rejection.Address);
        Assert.Equal(0, rejection.StatusCode);
        Assert.Contains(SmtpErrorIds.PartiallyDelivered, outcome.Error!.ErrorId, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [Good] = 1 }, DataPerRecipient(server));

        // MaxRetries is 2 per message: the first transaction, then two retries for the deferred recipient.
        Assert.Equal(3, server.Transactions);
        Assert.Equal(3, outcome.Receipt.Attempts);
    }

    [Fact]
    public async Task A_452_then_one_drop_before_DATA_then_a_healthy_server_delivers_to_everyone_once()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = step => DeferBadInFirstTransaction(step,
            s => s.Verb == "RCPT" && s.Transaction == 2 ? ScriptAction.Drop : ScriptAction.Default));

        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good, Bad));

        Assert.Equal(SmtpDeliveryStatus.Delivered, outcome.Status);
        Assert.Null(outcome.Error);
        Assert.Equal(new[] { Good, Bad }, outcome.Receipt!.AcceptedRecipients);
        Assert.Equal(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [Good] = 1, [Bad] = 1 }, DataPerRecipient(server));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task A_452_then_a_drop_after_the_final_dot_is_delivery_unknown_for_that_recipient_and_not_resent()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = step => DeferBadInFirstTransaction(step,
            s => s.Verb == "DOT" ? ScriptAction.Drop : ScriptAction.Default));

        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good, Bad));

        Assert.Equal(SmtpDeliveryStatus.PartiallyDelivered, outcome.Status);
        Assert.Equal(new[] { Good }, outcome.Receipt!.AcceptedRecipients);
        Assert.Empty(outcome.Receipt.RejectedRecipients);
        Assert.Equal(new[] { Bad }, outcome.Receipt.DeliveryUnknownRecipients);
        Assert.Contains("delivery unknown", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [Good] = 1, [Bad] = 1 }, DataPerRecipient(server));
        Assert.Equal(2, server.Transactions);
    }

    [Fact]
    public async Task A_drop_after_the_final_dot_of_the_only_transaction_is_delivery_unknown_not_failed()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "DOT" ? ScriptAction.Drop : ScriptAction.Default);
        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good));
        Assert.Equal(SmtpDeliveryStatus.DeliveryUnknown, outcome.Status);
        Assert.Null(outcome.Receipt);
        Assert.Equal(SmtpErrorIds.DeliveryUnknown, outcome.Error!.ErrorId);
        Assert.Single(server.DataReceived);
    }

    [Fact]
    public async Task Every_recipient_refused_is_failed_with_nothing_delivered()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "RCPT" ? ScriptAction.Answer("550 5.1.1 No such user") : ScriptAction.Default);
        SmtpDeliveryOutcome outcome = await SendOne(server, Message(Good, Bad));
        Assert.Equal(SmtpDeliveryStatus.Failed, outcome.Status);
        Assert.Equal(SmtpErrorIds.AllRecipientsRejected, outcome.Error!.ErrorId);
        Assert.Empty(server.DataReceived);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_421_in_the_middle_of_a_pipeline_batch_is_retried_and_every_message_arrives_once(int connections)
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "MAIL" && s.Transaction == 6 ? ScriptAction.Answer("421 4.3.2 Service shutting down") : ScriptAction.Default);
        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        SmtpProfile profile = Profile(server);
        using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { ConnectionsPerProfile = connections, OutcomeReady = outcomes.Enqueue }))
        {
            for (int i = 0; i < 20; i++)
            {
                OutgoingMessage message = Message("rcpt" + i + "@example.com");
                message.Subject = "Batch " + i;
                Assert.Equal(i, await dispatcher.EnqueueAsync(profile, message, "item " + i).WaitAsync(Guard));
            }

            await dispatcher.CompleteAsync().WaitAsync(Guard);
        }

        Assert.Equal(20, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), outcomes.Select(o => o.Index).OrderBy(i => i));
        Assert.All(outcomes, o => Assert.Equal("item " + o.Index, o.State));
        Assert.Single(outcomes, o => o.Receipt!.Attempts == 2);
        if (connections == 1)
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), outcomes.Select(o => o.Index));
            Assert.Equal(2, server.Connections);
        }
        else
        {
            Assert.InRange(server.Connections, 2, connections + 1);
        }

        // Each message exactly once, to its own recipient.
        Assert.Equal(20, server.DataReceived.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "Subject: Batch " + i).OrderBy(s => s, StringComparer.Ordinal),
            server.DataReceived.Select(m => m.Data.Split("\r\n").Single(l => l.StartsWith("Subject: ", StringComparison.Ordinal))).OrderBy(s => s, StringComparer.Ordinal));
        Assert.All(DataPerRecipient(server).Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_server_that_stops_answering_during_a_batch_fails_the_rest_with_timeouts_and_delivers_nothing_twice()
    {
        using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "MAIL" && s.Transaction >= 3 ? ScriptAction.Hang : ScriptAction.Default);
        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        SmtpProfile profile = Profile(server);
        profile.Timeout = TimeSpan.FromSeconds(1);
        using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
        {
            for (int i = 0; i < 4; i++)
            {
                await dispatcher.EnqueueAsync(profile, Message("rcpt" + i + "@example.com")).WaitAsync(Guard);
            }

            await dispatcher.CompleteAsync().WaitAsync(Guard);
        }

        Assert.Equal(new[] { SmtpDeliveryStatus.Delivered, SmtpDeliveryStatus.Delivered, SmtpDeliveryStatus.Failed, SmtpDeliveryStatus.Failed }, outcomes.Select(o => o.Status));
        Assert.All(outcomes.Skip(2), o => Assert.Equal(SmtpErrorIds.Timeout, o.Error!.ErrorId));
        Assert.All(outcomes.Skip(2), o => Assert.False(o.StopsProfile));
        Assert.Equal(new[] { "rcpt0@example.com", "rcpt1@example.com" }, server.DataReceived.SelectMany(m => m.Recipients));
    }

    [Fact]
    public async Task Cancelling_during_a_batch_returns_at_once_with_every_worker_finished_and_no_unobserved_fault()
    {
        int unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            using ScriptedSmtpServer server = Server(o => o.Script = s => s.Verb == "MAIL" && s.Transaction >= 10 ? ScriptAction.Hang : ScriptAction.Default);
            SmtpProfile profile = Profile(server);
            profile.Timeout = TimeSpan.FromMinutes(5);
            var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
            using var stop = new CancellationTokenSource();
            var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { ConnectionsPerProfile = 4, OutcomeReady = outcomes.Enqueue }, stop.Token);
            Task feeding = Task.Run(async () =>
            {
                for (int i = 0; i < 50; i++)
                {
                    await dispatcher.EnqueueAsync(profile, Message("rcpt" + i + "@example.com"), null, stop.Token);
                }
            });

            // Wait until the server has gone silent on every connection (four transactions hang).
            DateTime deadline = DateTime.UtcNow + Guard;
            while (server.Transactions < 13 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(server.Transactions >= 13, "the batch should be stuck on the silent server");
            stop.Cancel();

            // A hang guard, not a timing: the sends would otherwise wait five minutes each.
            Task completion = dispatcher.CompleteAsync();
            Assert.Same(completion, await Task.WhenAny(completion, Task.Delay(Guard)));
            Assert.True(completion.IsCompletedSuccessfully);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feeding.WaitAsync(Guard));
            dispatcher.Dispose();

            Assert.InRange(outcomes.Count, 9, 49);
            Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));
            Assert.Equal(outcomes.Count, server.DataReceived.Count);
        }
        finally
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.Equal(0, unobserved);
    }

    [Fact]
    public async Task CompleteAsync_returns_after_every_connection_said_QUIT()
    {
        using ScriptedSmtpServer server = Server();
        SmtpProfile profile = Profile(server);
        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { ConnectionsPerProfile = 3 });
        for (int i = 0; i < 9; i++)
        {
            await dispatcher.EnqueueAsync(profile, Message());
        }

        await dispatcher.CompleteAsync().WaitAsync(Guard);
        Assert.True(dispatcher.Completion.IsCompletedSuccessfully);
        Assert.Equal(9, server.Messages.Count);
        Assert.Equal(server.Connections, server.Commands.Count(c => c == "QUIT"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.EnqueueAsync(profile, Message()));
    }

    [Fact]
    public async Task Rejected_credentials_stop_the_profile_after_one_login_attempt()
    {
        using ScriptedSmtpServer server = Server(o => o.Credentials = "alice:another-password");
        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        SmtpProfile profile = Profile(server);
        using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
        {
            for (int i = 0; i < 5; i++)
            {
                await dispatcher.EnqueueAsync(profile, Message());
            }

            await dispatcher.CompleteAsync().WaitAsync(Guard);
        }

        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Failed, o.Status));
        Assert.All(outcomes, o => Assert.Equal(SmtpErrorIds.AuthenticationFailed, o.Error!.ErrorId));
        Assert.Single(outcomes, o => o.StopsProfile);
        Assert.True(outcomes.First().StopsProfile);
        Assert.Single(server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Empty(server.DataReceived);
    }

    [Fact]
    public async Task Two_profiles_get_a_connection_each()
    {
        using ScriptedSmtpServer first = Server();
        using ScriptedSmtpServer second = Server();
        SmtpProfile a = Profile(first);
        SmtpProfile b = Profile(second);
        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions());
        for (int i = 0; i < 6; i++)
        {
            await dispatcher.EnqueueAsync(i % 2 == 0 ? a : b, Message());
        }

        await dispatcher.CompleteAsync().WaitAsync(Guard);
        Assert.Equal(3, first.Messages.Count);
        Assert.Equal(3, second.Messages.Count);
        Assert.Equal(1, first.Connections);
        Assert.Equal(1, second.Connections);
        Assert.Equal(2, dispatcher.ConnectionsOpened);
    }
}
