#pragma warning disable CA2000, CA1001 // Handlers and certificates live as long as the test; xunit disposes them in DisposeAsync (IAsyncLifetime).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography.X509Certificates;
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
/// MSAL against the local OpenID Connect authority on loopback HTTPS (tests/SecureMailOps.TestOidcAuthority): client
/// secret and certificate assertions, every failure kind to its id, and batches through the scripted SMTP server that
/// checks each XOAUTH2 token against the authority's JWKS. The authority's test CA is trusted only by the HTTP
/// handler these tests give MSAL (chain built against that CA alone); the module has no switch to skip validation.
/// </summary>
public sealed class MsalTokenSourceTests : IAsyncLifetime
{
    private const string SecretApp = "11111111-1111-1111-1111-111111111111";
    private const string CertificateApp = "22222222-2222-2222-2222-222222222222";
    private const string PlantedSecret = "Planted~Client~Secret~7Qx";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);
    private OidcAuthority _authority = null!;
    private X509Certificate2 _appCertificate = null!;
    private TestCaHttpFactory _http = null!;

    public async Task InitializeAsync()
    {
        _authority = await OidcAuthority.StartAsync();

        // Long enough that a loaded machine validates a token before it expires; the batch test shortens it.
        _authority.TokenLifetime = TimeSpan.FromMinutes(10);
        _authority.RegisterSecret(SecretApp, PlantedSecret);
        _appCertificate = TestCertificates.CreateClientCertificate("smtp-sender-app");
        _authority.RegisterCertificate(CertificateApp, _appCertificate);
        _http = new TestCaHttpFactory(_authority.Ca);
    }

    public async Task DisposeAsync()
    {
        await _authority.DisposeAsync();
        _appCertificate.Dispose();
        _http.Dispose();
    }

    private OAuthClientSettings Settings(string clientId, string? tenantSegment = null, string? scope = null) =>
        new(clientId, null, tenantSegment is null ? _authority.Authority : new Uri($"https://127.0.0.1:{_authority.Port}/{tenantSegment}/"),
            scope is null ? null : new[] { scope });

    private static string Reveal(SecureString s) => new System.Net.NetworkCredential(string.Empty, s).Password;

    [Fact]
    public async Task A_client_secret_gets_a_token_the_authoritys_keys_validate()
    {
        MsalTokenSource source = MsalTokenSource.ForClientSecret(Settings(SecretApp), Secure(PlantedSecret), _http);
        using SecureString token = await source.GetAccessTokenAsync(false, CancellationToken.None);
        (bool valid, string? client, _) = await _authority.ValidateAccessTokenAsync(Reveal(token));
        Assert.True(valid);
        Assert.Equal(SecretApp, client);
        Assert.Equal(OAuthCredentialKind.ClientSecret, source.CredentialKind);
        Assert.DoesNotContain(PlantedSecret, source.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(4, true)]
    public async Task A_cached_token_is_reused_until_less_than_five_minutes_remain_then_replaced_before_it_expires(int lifetimeMinutes, bool replaced)
    {
        // Proactive refresh: MSAL returns the cached token while more than five minutes of it remain; a token with
        // less left (still valid) is replaced by a new one from the authority before it can expire mid-session.
        _authority.TokenLifetime = TimeSpan.FromMinutes(lifetimeMinutes);
        MsalTokenSource source = MsalTokenSource.ForCertificate(Settings(CertificateApp), _appCertificate, _http);
        using SecureString first = await source.GetAccessTokenAsync(false, CancellationToken.None);
        using SecureString second = await source.GetAccessTokenAsync(false, CancellationToken.None);
        Assert.True((await _authority.ValidateAccessTokenAsync(Reveal(first))).Valid, "the first token is still valid");
        Assert.Equal(replaced, Reveal(first) != Reveal(second));
        Assert.Equal(replaced ? 2 : 1, _authority.IssuedTokens.Count);
        Assert.True(source.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(lifetimeMinutes - 1));
    }

    [Fact]
    public async Task A_certificate_signed_assertion_is_validated_by_the_authority_and_gets_a_token()
    {
        MsalTokenSource source = MsalTokenSource.ForCertificate(Settings(CertificateApp), _appCertificate, _http);
        using SecureString token = await source.GetAccessTokenAsync(false, CancellationToken.None);
        (bool valid, string? client, _) = await _authority.ValidateAccessTokenAsync(Reveal(token));
        Assert.True(valid);
        Assert.Equal(CertificateApp, client);
    }

    [Fact]
    public async Task A_certificate_from_a_PFX_file_with_a_password_gets_a_token()
    {
        string pfx = Path.Combine(Path.GetTempPath(), "oauth-app-" + Guid.NewGuid().ToString("n") + ".pfx");
        await File.WriteAllBytesAsync(pfx, _appCertificate.Export(X509ContentType.Pkcs12, "pfx-pass"));
        try
        {
            using X509Certificate2 loaded = OAuthCertificates.FromFile(pfx, Secure("pfx-pass"));
            MsalTokenSource source = MsalTokenSource.ForCertificate(Settings(CertificateApp), loaded, _http);
            using SecureString token = await source.GetAccessTokenAsync(false, CancellationToken.None);
            Assert.True((await _authority.ValidateAccessTokenAsync(Reveal(token))).Valid);
            SecureMailOpsException wrong = Assert.Throws<SecureMailOpsException>(() => OAuthCertificates.FromFile(pfx, Secure("not-it")));
            Assert.Equal(OAuthErrorIds.CertificateUnreadable, wrong.ErrorId);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public void The_device_code_flow_on_a_generic_OIDC_authority_is_refused_up_front_because_MSAL_does_not_implement_it()
    {
        // Tried: MSAL 4.92 accepts WithOidcAuthority on a public client only with WithExperimentalFeatures(), then
        // AcquireTokenWithDeviceCode throws NotImplementedException (GenericAuthority has no device-code endpoint).
        SecureMailOpsException error = Assert.Throws<SecureMailOpsException>(() => MsalTokenSource.ForDeviceCode(Settings("44444444-4444-4444-4444-444444444444"), _http));
        Assert.Equal(OAuthErrorIds.DeviceCodeAuthorityUnsupported, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Equal(OAuthCredentialKind.DeviceCode, MsalTokenSource.ForDeviceCode(new OAuthClientSettings("44444444-4444-4444-4444-444444444444", "contoso.onmicrosoft.com")).CredentialKind);
    }

    public static TheoryData<string, string> Failures() => new()
    {
        { "wrong-secret", OAuthErrorIds.ClientCredentialInvalid },
        { "wrong-certificate", OAuthErrorIds.ClientCredentialInvalid },
        { "unknown-client", OAuthErrorIds.ClientUnknown },
        { "unknown-tenant", OAuthErrorIds.TenantNotFound },
        { "no-consent", OAuthErrorIds.ConsentMissing },
        { "disabled", OAuthErrorIds.ClientUnknown },
        { "unreachable", OAuthErrorIds.AuthorityUnreachable },
        { "untrusted", OAuthErrorIds.AuthorityUntrusted },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_kind_has_its_own_error_id_and_never_shows_the_secret(string kind, string expectedId)
    {
        using X509Certificate2 stranger = TestCertificates.CreateClientCertificate("not-registered");
        const string disabledApp = "33333333-3333-3333-3333-333333333333";
        _authority.RegisterSecret(disabledApp, PlantedSecret);
        _authority.Disable(disabledApp);
        MsalTokenSource source = kind switch
        {
            "wrong-secret" => MsalTokenSource.ForClientSecret(Settings(SecretApp), Secure("wrong-" + PlantedSecret), _http),
            "wrong-certificate" => MsalTokenSource.ForCertificate(Settings(CertificateApp), stranger, _http),
            "unknown-client" => MsalTokenSource.ForClientSecret(Settings("99999999-9999-9999-9999-999999999999"), Secure(PlantedSecret), _http),
            "unknown-tenant" => MsalTokenSource.ForClientSecret(Settings(SecretApp, "fabrikam.onmicrosoft.com"), Secure(PlantedSecret), _http),
            "no-consent" => MsalTokenSource.ForClientSecret(Settings(SecretApp, scope: "https://graph.example/.default"), Secure(PlantedSecret), _http),
            "disabled" => MsalTokenSource.ForClientSecret(Settings(disabledApp), Secure(PlantedSecret), _http),
            "unreachable" => MsalTokenSource.ForClientSecret(new OAuthClientSettings(SecretApp, null, new Uri($"https://127.0.0.1:{ClosedPort()}/t/")), Secure(PlantedSecret), _http),
            _ => MsalTokenSource.ForClientSecret(Settings(SecretApp), Secure(PlantedSecret), null),
        };
        SecureMailOpsException error = await Assert.ThrowsAsync<SecureMailOpsException>(() => source.GetAccessTokenAsync(false, CancellationToken.None)).WaitAsync(Guard);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(PlantedSecret, e.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(expectedId, error.ErrorId);
    }

    [Fact]
    public async Task A_200_message_batch_spanning_several_token_lives_delivers_each_message_exactly_once()
    {
        _authority.TokenLifetime = TimeSpan.FromSeconds(2);
        JwksTokenValidator jwks = await JwksTokenValidator.FetchAsync(_authority.Authority, _authority.Issuer, _http.Handler);
        using ScriptedSmtpServer server = Server(o =>
        {
            o.Credentials = "unused:unused";
            o.TokenExpiry = (user, token) => user == "reports@contoso.com" ? jwks.Validate(token) : null;

            // About 25 ms per message: the batch lasts several token lifetimes.
            o.Script = step =>
            {
                if (step.Verb == "DOT")
                {
                    Thread.Sleep(25);
                }

                return ScriptAction.Default;
            };
        });
        SmtpProfile profile = Profile(server);
        profile.RetryBaseDelay = TimeSpan.Zero;
        MsalTokenSource source = MsalTokenSource.ForCertificate(Settings(CertificateApp), _appCertificate, _http);
        profile.SetOAuthTokenSource("reports@contoso.com", source);

        var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
        using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
        {
            for (int i = 0; i < 200; i++)
            {
                OutgoingMessage message = Message("rcpt" + i + "@example.com");
                message.Subject = "Batch " + i;
                await dispatcher.EnqueueAsync(profile, message).WaitAsync(Guard);
            }

            await dispatcher.CompleteAsync().WaitAsync(Guard);
        }

        Assert.Equal(200, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(SmtpDeliveryStatus.Delivered, o.Status));

        // The server's view: every message once, over several sessions, each with its own valid token.
        Assert.Equal(200, server.Messages.Count);
        Assert.Equal(200, server.Messages.Select(m => m.Recipients.Single()).Distinct(StringComparer.Ordinal).Count());
        Assert.True(server.ExpiredSessions >= 2, $"only {server.ExpiredSessions} sessions outlived their token");
        Assert.True(server.AcceptedTokens.Distinct(StringComparer.Ordinal).Count() >= 3);
        Assert.Subset(_authority.IssuedTokens.ToHashSet(StringComparer.Ordinal), server.AcceptedTokens.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_client_whose_tokens_the_server_refuses_fails_with_SmtpOAuthTokenRefused_and_nothing_is_resent()
    {
        JwksTokenValidator jwks = await JwksTokenValidator.FetchAsync(_authority.Authority, _authority.Issuer, _http.Handler);
        string log = Path.Combine(Path.GetTempPath(), "smtp-oauth-" + Guid.NewGuid().ToString("n") + ".log");
        int validButRefused = 0;

        // The app's SMTP.SendAsApp permission was revoked: the authority still issues tokens, the server refuses them.
        using ScriptedSmtpServer server = Server(o =>
        {
            o.Credentials = "unused:unused";
            o.TokenExpiry = (user, token) =>
            {
                if (jwks.Validate(token) is not null)
                {
                    Interlocked.Increment(ref validButRefused);
                }

                return null;
            };
        });
        SmtpProfile profile = Profile(server);
        profile.ProtocolLogPath = log;
        MsalTokenSource source = MsalTokenSource.ForClientSecret(Settings(SecretApp), Secure(PlantedSecret), _http);
        profile.SetOAuthTokenSource("reports@contoso.com", source);
        try
        {
            var outcomes = new ConcurrentQueue<SmtpDeliveryOutcome>();
            using (var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { OutcomeReady = outcomes.Enqueue }))
            {
                for (int i = 0; i < 5; i++)
                {
                    await dispatcher.EnqueueAsync(profile, Message("rcpt" + i + "@example.com")).WaitAsync(Guard);
                }

                await dispatcher.CompleteAsync().WaitAsync(Guard);
            }

            Assert.Equal(5, outcomes.Count);
            Assert.All(outcomes, o => Assert.Equal(SmtpErrorIds.OAuthTokenRefused, o.Error!.ErrorId));
            Assert.Equal(2, server.RefusedTokens);
            Assert.Equal(2, Volatile.Read(ref validButRefused));
            Assert.Empty(server.DataReceived);
            Assert.Equal(0, server.Transactions);
            string text = await File.ReadAllTextAsync(log);
            Assert.Contains("AUTH XOAUTH2", text, StringComparison.Ordinal);
            foreach (string token in _authority.IssuedTokens)
            {
                Assert.DoesNotContain(token, text, StringComparison.Ordinal);
                Assert.All(outcomes, o => Assert.DoesNotContain(token, o.Error!.ToString(), StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
