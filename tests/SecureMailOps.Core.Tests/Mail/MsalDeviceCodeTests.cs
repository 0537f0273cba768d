#pragma warning disable CA1001 // The authority and the HTTP factory are disposed in DisposeAsync (IAsyncLifetime).
using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Core.Mail.OAuth;
using SecureMailOps.TestOidcAuthority;
using SecureMailOps.TestSmtpServer;
using Xunit;
using static SecureMailOps.Core.Tests.Mail.SmtpTestSupport;

namespace SecureMailOps.Core.Tests.Mail;

/// <summary>
/// The device-code flow with real MSAL against the local authority (tests/SecureMailOps.TestOidcAuthority). MSAL 4.92
/// implements the flow only for Entra ID-type authorities, which build /tenant/oauth2/v2.0/devicecode and /token from
/// the authority URI; the test seam (loopbackEntraAuthority) gives MSAL such an authority on 127.0.0.1 with instance
/// discovery off. MSAL asks for a device code, the prompt reaches the callback, MSAL polls (authorization_pending)
/// until the test approves the user code as a user would at the verification page, and the token it gets is the
/// profile's: later tokens come from the cache or the refresh token, never from a second prompt.
/// </summary>
public sealed class MsalDeviceCodeTests : IAsyncLifetime
{
    private const string App = "44444444-4444-4444-4444-444444444444";
    private const string Mailbox = "admin@contoso.com";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);
    private static readonly Regex UserCode = new(@"enter the code (?<code>[0-9A-F]{8}) ", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
    private OidcAuthority _authority = null!;
    private TestCaHttpFactory _http = null!;

    public async Task InitializeAsync()
    {
        _authority = await OidcAuthority.StartAsync();
        _authority.TokenLifetime = TimeSpan.FromMinutes(10);
        _authority.RegisterPublicClient(App);
        _authority.MapSubject(App, Mailbox);
        _http = new TestCaHttpFactory(_authority.Ca);
    }

    public async Task DisposeAsync()
    {
        await _authority.DisposeAsync();
        _http.Dispose();
    }

    private MsalTokenSource Source(string clientId = App) =>
        MsalTokenSource.ForDeviceCode(new OAuthClientSettings(clientId, null, _authority.Authority), _http, loopbackEntraAuthority: true);

    // Starts the sign-in, waits for the prompt and for MSAL's first (pending) poll, and returns the user code shown.
    private async Task<(Task<DateTimeOffset> SignIn, string Prompt, string UserCode)> StartSignInAsync(MsalTokenSource source, ConcurrentQueue<string> prompts, CancellationToken cancel = default)
    {
        Task<DateTimeOffset> signIn = source.SignInAsync(prompts.Enqueue, cancel);
        using var wait = new CancellationTokenSource(Guard);
        while ((prompts.IsEmpty || _authority.DeviceCodePolls < 1) && !signIn.IsCompleted)
        {
            await Task.Delay(50, wait.Token);
        }

        Assert.False(signIn.IsCompleted, "the sign-in ended before the user decided: " + signIn.Exception?.InnerException?.InnerException);
        string prompt = Assert.Single(prompts);
        Match match = UserCode.Match(prompt);
        Assert.True(match.Success, prompt);
        return (signIn, prompt, match.Groups["code"].Value);
    }

    [Fact]
    public async Task The_prompt_names_the_page_and_user_code_MSAL_polls_until_approved_and_the_token_is_the_profiles()
    {
        MsalTokenSource source = Source();
        var prompts = new ConcurrentQueue<string>();
        (Task<DateTimeOffset> signIn, string prompt, string userCode) = await StartSignInAsync(source, prompts);

        Assert.Contains($"https://127.0.0.1:{_authority.Port}/{_authority.Tenant}/device", prompt, StringComparison.Ordinal);
        string deviceCode = Assert.Single(_authority.IssuedDeviceCodes);
        Assert.DoesNotContain(deviceCode, prompt, StringComparison.Ordinal);
        Assert.Contains("authorization_pending AADSTS70016", _authority.Refusals);
        Assert.True(_authority.ApproveDeviceCode(userCode));
        DateTimeOffset expires = await signIn.WaitAsync(Guard);

        Assert.True(expires > DateTimeOffset.UtcNow.AddMinutes(9));
        Assert.True(_authority.DeviceCodePolls >= 2, $"{_authority.DeviceCodePolls} polls");
        Assert.Equal(1, _authority.DeviceCodeRequests);

        // The signed-in token is cached: two more requests get it without the authority.
        using SecureString first = await source.GetAccessTokenAsync(false, CancellationToken.None);
        using SecureString second = await source.GetAccessTokenAsync(false, CancellationToken.None);
        string token = new System.Net.NetworkCredential(string.Empty, first).Password;
        Assert.Equal(token, new System.Net.NetworkCredential(string.Empty, second).Password);
        Assert.Equal(token, Assert.Single(_authority.IssuedTokens));
        (bool valid, string? client, _) = await _authority.ValidateAccessTokenAsync(token);
        Assert.True(valid);
        Assert.Equal(App, client);
        Assert.Single(prompts);
    }

    [Fact]
    public async Task Two_sends_after_one_sign_in_deliver_through_the_XOAUTH2_server_without_a_second_prompt_and_refresh_silently()
    {
        // Tokens shorter than MSAL's five-minute refresh margin: every connection gets a fresh token from the refresh
        // token (the refresh_token grant), none from a new device code.
        _authority.TokenLifetime = TimeSpan.FromSeconds(30);
        JwksTokenValidator jwks = await JwksTokenValidator.FetchAsync(_authority.Authority, _authority.Issuer, _http.Handler);
        using ScriptedSmtpServer server = Server(o =>
        {
            o.Credentials = "unused:unused";
            o.TokenExpiry = (user, token) => user == Mailbox ? jwks.Validate(token) : null;
        });
        MsalTokenSource source = Source();
        var prompts = new ConcurrentQueue<string>();
        (Task<DateTimeOffset> signIn, _, string userCode) = await StartSignInAsync(source, prompts);
        _authority.ApproveDeviceCode(userCode);
        await signIn.WaitAsync(Guard);

        SmtpProfile profile = Profile(server);
        profile.SetOAuthTokenSource(Mailbox, source);
        for (int send = 0; send < 2; send++)
        {
            var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
            using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
            {
                for (int i = 0; i < 3; i++)
                {
                    await dispatcher.EnqueueAsync(profile, Message($"send{send}-rcpt{i}@example.com")).WaitAsync(Guard);
                }

                await dispatcher.CompleteAsync().WaitAsync(Guard);
            }

            Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));
        }

        Assert.Equal(6, server.Messages.Count);
        Assert.Equal(6, server.Messages.Select(m => m.Recipients.Single()).Distinct(StringComparer.Ordinal).Count());
        Assert.Single(prompts);
        Assert.Equal(1, _authority.DeviceCodeRequests);
        Assert.True(_authority.IssuedTokens.Count >= 3, "each connection should have refreshed the short-lived token");
        Assert.Subset(_authority.IssuedTokens.ToHashSet(StringComparer.Ordinal), server.AcceptedTokens.ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("authorization_declined")]
    [InlineData("access_denied")]
    public async Task A_declined_sign_in_is_OAuthDeviceCodeDeclined_PermissionDenied(string decision)
    {
        MsalTokenSource source = Source();
        (Task<DateTimeOffset> signIn, _, string userCode) = await StartSignInAsync(source, new ConcurrentQueue<string>());
        Assert.True(_authority.DeclineDeviceCode(userCode, decision));
        SecureMailOpsException error = await Assert.ThrowsAsync<SecureMailOpsException>(() => signIn).WaitAsync(Guard);
        Assert.Equal(OAuthErrorIds.DeviceCodeDeclined, error.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Contains(decision, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Assert.Single(_authority.IssuedDeviceCodes), error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_authority.IssuedTokens);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_device_code_nobody_used_in_time_is_OAuthDeviceCodeExpired_OperationTimeout(bool authorityEndsIt)
    {
        // authorityEndsIt: the response promises a minute, the authority says expired_token after 2 s; otherwise MSAL
        // stops polling itself when the stated 2 s are over (its code_expired), while the authority would keep the code
        // for a minute: with both at 2 s a last poll could land just after the authority's expiry and make the
        // expired_token answer a race (it did once in a fresh-clone CI run).
        _authority.DeviceCodeLifetime = authorityEndsIt ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(1);
        _authority.DeviceCodeAdvertisedLifetime = authorityEndsIt ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(2);
        MsalTokenSource source = Source();
        SecureMailOpsException error = await Assert.ThrowsAsync<SecureMailOpsException>(() => source.SignInAsync(_ => { }, CancellationToken.None)).WaitAsync(Guard);
        Assert.Equal(OAuthErrorIds.DeviceCodeExpired, error.ErrorId);
        Assert.Equal(FailureKind.OperationTimeout, error.Kind);
        Assert.Equal(authorityEndsIt, _authority.Refusals.Contains("expired_token AADSTS70020"));
        Assert.DoesNotContain(Assert.Single(_authority.IssuedDeviceCodes), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_polling_and_issues_no_token()
    {
        MsalTokenSource source = Source();
        using var cancel = new CancellationTokenSource();
        (Task<DateTimeOffset> signIn, _, _) = await StartSignInAsync(source, new ConcurrentQueue<string>(), cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signIn).WaitAsync(Guard);
        int polls = _authority.DeviceCodePolls;
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(polls, _authority.DeviceCodePolls);
        Assert.Empty(_authority.IssuedTokens);
        Assert.Equal(OAuthErrorIds.DeviceCodeNotCompleted, (await Assert.ThrowsAsync<SecureMailOpsException>(() => source.GetAccessTokenAsync(false, CancellationToken.None))).ErrorId);
    }

    [Fact]
    public async Task A_revoked_sign_in_is_OAuthDeviceCodeNotCompleted_when_the_token_is_next_refreshed()
    {
        _authority.TokenLifetime = TimeSpan.FromSeconds(30);
        _authority.AutoApproveDeviceCodesAfterPolls = 1;
        MsalTokenSource source = Source();
        await source.SignInAsync(_ => { }, CancellationToken.None).WaitAsync(Guard);
        _authority.Disable(App);
        SecureMailOpsException error = await Assert.ThrowsAsync<SecureMailOpsException>(() => source.GetAccessTokenAsync(false, CancellationToken.None)).WaitAsync(Guard);
        Assert.Equal(OAuthErrorIds.DeviceCodeNotCompleted, error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationError, error.Kind);
        foreach (string refresh in _authority.IssuedRefreshTokens)
        {
            Assert.DoesNotContain(refresh, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_client_is_OAuthClientUnknown_before_any_prompt_and_slow_down_is_OAuthTokenAcquisitionFailed()
    {
        var prompts = new ConcurrentQueue<string>();
        SecureMailOpsException unknown = await Assert.ThrowsAsync<SecureMailOpsException>(() => Source("99999999-9999-9999-9999-999999999999").SignInAsync(prompts.Enqueue, CancellationToken.None)).WaitAsync(Guard);
        Assert.Equal(OAuthErrorIds.ClientUnknown, unknown.ErrorId);
        Assert.Empty(prompts);

        // MSAL 4.92 keeps polling only on authorization_pending; RFC 8628's slow_down ends the flow.
        _authority.DeviceCodeSlowDown = true;
        SecureMailOpsException slow = await Assert.ThrowsAsync<SecureMailOpsException>(() => Source().SignInAsync(prompts.Enqueue, CancellationToken.None)).WaitAsync(Guard);
        Assert.Equal(OAuthErrorIds.AcquisitionFailed, slow.ErrorId);
        Assert.Contains("slow_down", slow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seam_applies_to_loopback_authorities_only_and_the_public_factory_refuses_generic_authorities()
    {
        var remote = new OAuthClientSettings(App, null, new Uri("https://idp.example.net/contoso/"));
        Assert.Equal(OAuthErrorIds.DeviceCodeAuthorityUnsupported,
            Assert.Throws<SecureMailOpsException>(() => MsalTokenSource.ForDeviceCode(remote, _http, loopbackEntraAuthority: true)).ErrorId);
        Assert.Equal(OAuthErrorIds.DeviceCodeAuthorityUnsupported,
            Assert.Throws<SecureMailOpsException>(() => MsalTokenSource.ForDeviceCode(new OAuthClientSettings(App, null, _authority.Authority))).ErrorId);
        Assert.Equal(OAuthCredentialKind.DeviceCode, MsalTokenSource.ForDeviceCode(new OAuthClientSettings(App, "contoso.onmicrosoft.com"), _http, loopbackEntraAuthority: true).CredentialKind);
    }
}
