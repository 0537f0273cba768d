#pragma warning disable CA1861 // Expected values written inline read better in assertions; these run once.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Mail;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// XOAUTH2 with tokens from a token source (issue 12's engine seam): a token the server refuses (535 5.7.3) is
/// replaced once by a freshly acquired one on a new connection; a second refusal fails with SmtpOAuthTokenRefused
/// and nothing is resent. The scripted server checks each token itself.
/// </summary>
public class OAuthTokenSourceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static (ScriptedSmtpServer Server, SmtpProfile Profile) Setup(CountingTokenSource source, Func<string, bool> valid, Func<ScriptStep, ScriptAction>? script = null, bool errorChallenge = false)
    {
        ScriptedSmtpServer server = Server(o =>
        {
            o.Credentials = "alice:password-not-used";
            o.TokenValidator = (user, token) => user == "alice@example.com" && valid(token);
            o.Script = script;
            o.XOAuth2ErrorChallenge = errorChallenge;
        });
        SmtpProfile profile = Profile(server);
        profile.SetOAuthTokenSource("alice@example.com", source);
        return (server, profile);
    }

    private static async Task<List<SmtpDeliveryOutcome>> SendBatch(SmtpProfile profile, int count)
    {
        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue });
        for (int i = 0; i < count; i++)
        {
            OutgoingMessage message = Message("rcpt" + i + "@example.com");
            message.Subject = "Token batch " + i;
            await dispatcher.EnqueueAsync(profile, message).WaitAsync(Guard);
        }

        await dispatcher.CompleteAsync().WaitAsync(Guard);
        return outcomes.ToList();
    }

    [Fact]
    public async Task A_refused_token_is_replaced_once_by_a_fresh_one_on_a_new_connection()
    {
        var source = new CountingTokenSource();
        (ScriptedSmtpServer server, SmtpProfile profile) = Setup(source, token => token != "tok-1");
        using (server)
        {
            List<SmtpDeliveryOutcome> outcomes = await SendBatch(profile, 3);
            Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));
            Assert.Equal(new[] { false, true }, source.Calls);
            Assert.Equal(2, server.Commands.Count(c => c.StartsWith("AUTH XOAUTH2", StringComparison.Ordinal)));
            Assert.Equal(2, server.Connections);
            Assert.Equal(3, server.DataReceived.Count);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_that_expires_mid_batch_is_refreshed_after_a_reconnect_and_every_message_arrives_once(bool errorChallenge)
    {
        // errorChallenge: the refusal comes as the XOAUTH2 error challenge (334 + JSON status) before the 535.
        var source = new CountingTokenSource();
        var expired = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        Func<ScriptStep, ScriptAction> script = step =>
        {
            if (step.Verb == "MAIL" && step.Transaction == 10)
            {
                // The server restarts and, meanwhile, the first token's lifetime has run out.
                expired["tok-1"] = true;
                return ScriptAction.Answer("421 4.3.2 Service restarting");
            }

            return ScriptAction.Default;
        };
        (ScriptedSmtpServer server, SmtpProfile profile) = Setup(source, token => !expired.ContainsKey(token), script, errorChallenge);
        using (server)
        {
            List<SmtpDeliveryOutcome> outcomes = await SendBatch(profile, 20);
            Assert.Equal(errorChallenge ? 1 : 0, server.ErrorChallenges);
            Assert.Equal(20, outcomes.Count);
            Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));
            Assert.Equal(new[] { false, false, true }, source.Calls);
            Assert.Equal(20, server.DataReceived.Count);
            Assert.Equal(20, server.DataReceived.Select(m => m.Recipients.Single()).Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public async Task A_revoked_client_fails_with_SmtpOAuthTokenRefused_after_one_refresh_and_nothing_is_sent_or_leaked()
    {
        var source = new CountingTokenSource();
        string log = Path.Combine(Path.GetTempPath(), "smtp-oauth-" + Guid.NewGuid().ToString("n") + ".log");
        (ScriptedSmtpServer server, SmtpProfile profile) = Setup(source, _ => false);
        profile.ProtocolLogPath = log;
        try
        {
            using (server)
            {
                List<SmtpDeliveryOutcome> outcomes = await SendBatch(profile, 4);
                Assert.Equal(4, outcomes.Count);
                Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Failed, o.Status));
                Assert.All(outcomes, o => Assert.Equal(SmtpErrorIds.OAuthTokenRefused, o.Error!.ErrorId));
                Assert.True(outcomes[0].StopsProfile);
                Assert.Equal(new[] { false, true }, source.Calls);
                Assert.Equal(2, server.Commands.Count(c => c.StartsWith("AUTH XOAUTH2", StringComparison.Ordinal)));
                Assert.Empty(server.DataReceived);
                Assert.All(outcomes, o => Assert.DoesNotContain("tok-", o.Error!.ToString(), StringComparison.Ordinal));
            }

            string text = await File.ReadAllTextAsync(log);
            Assert.Contains("AUTH XOAUTH2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user=alice@example.com\u0001auth=Bearer tok-1")), text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Issues tok-1, tok-2, ...: the cached one unless a refresh is forced; records every call.</summary>
    private sealed class CountingTokenSource : IOAuthTokenSource
    {
        private readonly object _gate = new();
        private int _issued;

        public List<bool> Calls { get; } = new();

        public Task<SecureString> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Calls.Add(forceRefresh);
                if (_issued == 0 || forceRefresh)
                {
                    _issued++;
                }

                return Task.FromResult(Secure("tok-" + _issued));
            }
        }
    }
}
