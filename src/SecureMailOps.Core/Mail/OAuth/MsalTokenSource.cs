using System;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>
/// Access tokens from Microsoft.Identity.Client (MSAL): client credentials with a secret or a certificate
/// (signed client assertion, private_key_jwt), or a device-code sign-in. Each source owns one MSAL application and
/// so one in-memory token cache: tokens are per profile, never shared between profiles or written to disk. MSAL
/// returns a cached token until less than five minutes of its life remain (or its refresh_in time has come) and
/// then asks the authority again, so a token is refreshed before it expires; with <c>forceRefresh</c> (the server
/// refused a token) the cache is skipped.
/// </summary>
public sealed class MsalTokenSource : IOAuthTokenSource
{
    private readonly IConfidentialClientApplication? _confidential;
    private readonly IPublicClientApplication? _public;
    private IAccount? _account;

    private MsalTokenSource(OAuthClientSettings settings, OAuthCredentialKind kind, IConfidentialClientApplication? confidential, IPublicClientApplication? publicClient)
    {
        Settings = settings;
        CredentialKind = kind;
        _confidential = confidential;
        _public = publicClient;
    }

    /// <summary>Gets the application, authority and scopes.</summary>
    public OAuthClientSettings Settings { get; }

    /// <summary>Gets how the application proves who it is.</summary>
    public OAuthCredentialKind CredentialKind { get; }

    /// <summary>Gets when the last token acquired expires, or null before the first.</summary>
    public DateTimeOffset? ExpiresOn { get; private set; }

    /// <summary>Gets how many times a token was requested (from the cache or the authority).</summary>
    public int Acquisitions => Volatile.Read(ref _acquisitions);

    private int _acquisitions;

    /// <summary>Creates a source for an app that authenticates with a client secret.</summary>
    /// <param name="settings">The app and authority.</param>
    /// <param name="clientSecret">The secret (copied into MSAL, which needs it as a string).</param>
    /// <returns>The source.</returns>
    public static MsalTokenSource ForClientSecret(OAuthClientSettings settings, SecureString clientSecret) =>
        ForClientSecret(settings, clientSecret, null);

    /// <summary>Creates a source for an app that authenticates with a certificate (a signed client assertion).</summary>
    /// <param name="settings">The app and authority.</param>
    /// <param name="certificate">The certificate with its private key.</param>
    /// <returns>The source.</returns>
    public static MsalTokenSource ForCertificate(OAuthClientSettings settings, X509Certificate2 certificate) =>
        ForCertificate(settings, certificate, null);

    /// <summary>Creates a source that signs a user in with the device-code flow (call <see cref="SignInAsync"/> once).</summary>
    /// <param name="settings">The app and authority.</param>
    /// <returns>The source.</returns>
    public static MsalTokenSource ForDeviceCode(OAuthClientSettings settings) => ForDeviceCode(settings, null);

    internal static MsalTokenSource ForClientSecret(OAuthClientSettings settings, SecureString clientSecret, IMsalHttpClientFactory? httpClientFactory)
    {
        if (clientSecret is null || clientSecret.Length == 0)
        {
            throw new SecureMailOpsException(OAuthErrorIds.ClientCredentialInvalid, FailureKind.InvalidArgument, "The OAuth client secret is empty.", settings?.ClientId);
        }

        ConfidentialClientApplicationBuilder builder = Confidential(settings, httpClientFactory);
        builder = builder.WithClientSecret(Reveal(clientSecret));
        return new MsalTokenSource(settings!, OAuthCredentialKind.ClientSecret, Build(builder.Build, settings!), null);
    }

    internal static MsalTokenSource ForCertificate(OAuthClientSettings settings, X509Certificate2 certificate, IMsalHttpClientFactory? httpClientFactory)
    {
        OAuthCertificates.RequirePrivateKey(certificate);
        ConfidentialClientApplicationBuilder builder = Confidential(settings, httpClientFactory).WithCertificate(certificate);
        return new MsalTokenSource(settings, OAuthCredentialKind.Certificate, Build(builder.Build, settings), null);
    }

    internal static MsalTokenSource ForDeviceCode(OAuthClientSettings settings, IMsalHttpClientFactory? httpClientFactory) =>
        ForDeviceCode(settings, httpClientFactory, LoopbackEntraAuthorityForTests);

    // loopbackEntraAuthority: the test seam described at LoopbackEntraAuthorityForTests.
    internal static MsalTokenSource ForDeviceCode(OAuthClientSettings settings, IMsalHttpClientFactory? httpClientFactory, bool loopbackEntraAuthority)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        bool testAuthority = loopbackEntraAuthority && !settings.IsMicrosoftAuthority && IsLoopback(settings.Authority);

        // MSAL 4.92 has no device-code endpoint for a generic OpenID Connect authority (its GenericAuthority throws
        // NotImplementedException once the flow starts, after an experimental-feature opt-in): refuse it up front.
        if (!settings.IsMicrosoftAuthority && !testAuthority)
        {
            throw new SecureMailOpsException(OAuthErrorIds.DeviceCodeAuthorityUnsupported, FailureKind.InvalidArgument,
                $"-OAuthDeviceCode needs a Microsoft Entra ID authority (login.microsoftonline.com and the other Microsoft clouds): MSAL does not implement the device-code flow for the OpenID Connect authority {settings.Authority.GetLeftPart(UriPartial.Path)}. Use a client secret or certificate with that authority.",
                settings.Authority.GetLeftPart(UriPartial.Path));
        }

        PublicClientApplicationBuilder builder = PublicClientApplicationBuilder.Create(settings.ClientId);

        // MSAL's Entra ID authority builds <authority>oauth2/v2.0/devicecode and .../token from the URI itself. For the
        // loopback test authority, authority validation and instance discovery (a call to login.microsoftonline.com
        // about this host, which Microsoft cannot know) are off; TLS is checked as always.
        builder = testAuthority
            ? builder.WithAuthority(settings.Authority, validateAuthority: false).WithInstanceDiscovery(false)
            : builder.WithAuthority(settings.Authority.ToString());
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        return new MsalTokenSource(settings, OAuthCredentialKind.DeviceCode, null, Build(builder.Build, settings));
    }

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="ForDeviceCode(OAuthClientSettings)"/> accepts an authority on a
    /// loopback address (127.0.0.1, ::1, localhost) as an Entra ID-shaped authority. A test seam, not a user setting: no
    /// parameter or environment variable reaches it; the Pester tests set it by reflection in their own child
    /// processes to run the device-code flow against the local test authority (tests/SecureMailOps.TestOidcAuthority),
    /// because MSAL 4.92 implements that flow only for Entra ID authorities. It never applies to a remote host.
    /// </summary>
    internal static bool LoopbackEntraAuthorityForTests { get; set; }

    /// <summary>
    /// Signs the user in with the device-code flow: <paramref name="prompt"/> gets the text to show (where to go and
    /// which code to enter) and returns at once; this completes when the user signed in. The token and its refresh
    /// token stay in this source's memory for its lifetime; later tokens come silently.
    /// </summary>
    /// <param name="prompt">Shows the sign-in instructions to the user.</param>
    /// <param name="cancellationToken">Stops waiting for the sign-in.</param>
    /// <returns>When the token expires.</returns>
    public async Task<DateTimeOffset> SignInAsync(Action<string> prompt, CancellationToken cancellationToken)
    {
        if (_public is null)
        {
            throw new InvalidOperationException("Only a device-code token source signs in.");
        }

        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        try
        {
            AuthenticationResult result = await _public.AcquireTokenWithDeviceCode(Settings.Scopes, code =>
            {
                prompt(DeviceCodePrompt(code.VerificationUrl, code.UserCode, code.ExpiresOn));
                return Task.CompletedTask;
            }).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            _account = result.Account;
            ExpiresOn = result.ExpiresOn;
            return result.ExpiresOn;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw MsalErrorMap.Map(ex, Settings);
        }
    }

    /// <inheritdoc />
    [return: Secret]
    public async Task<SecureString> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _acquisitions);
        AuthenticationResult result;
        try
        {
            if (_confidential is not null)
            {
                result = await _confidential.AcquireTokenForClient(Settings.Scopes).WithForceRefresh(forceRefresh)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                IAccount account = _account ?? (await _public!.GetAccountsAsync().ConfigureAwait(false)).FirstOrDefault()
                    ?? throw new SecureMailOpsException(OAuthErrorIds.DeviceCodeNotCompleted, FailureKind.AuthenticationError,
                        $"No one has signed in for app '{Settings.ClientId}' yet: create the profile again with New-SmtpProfile -OAuthDeviceCode.", Settings.ClientId);
                result = await _public!.AcquireTokenSilent(Settings.Scopes, account).WithForceRefresh(forceRefresh)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MsalUiRequiredException ex)
        {
            throw new SecureMailOpsException(OAuthErrorIds.DeviceCodeNotCompleted, FailureKind.AuthenticationError,
                $"The device-code sign-in for app '{Settings.ClientId}' has expired or was revoked ({ex.ErrorCode}): create the profile again with New-SmtpProfile -OAuthDeviceCode.",
                Settings.ClientId, ex);
        }
        catch (Exception ex) when (ex is not SecureMailOpsException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw MsalErrorMap.Map(ex, Settings);
        }

        ExpiresOn = result.ExpiresOn;
        var token = new SecureString();
        foreach (char c in result.AccessToken)
        {
            token.AppendChar(c);
        }

        token.MakeReadOnly();
        return token;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"MSAL {CredentialKind} for app {Settings.ClientId} at {Settings.Authority.GetLeftPart(UriPartial.Path)}";

    // The prompt is worded here rather than copied from the authority's "message": it names only the page and the user
    // code (never the device code, which is the secret half of the grant) and holds no text the authority chose.
    internal static string DeviceCodePrompt(string verificationUrl, string userCode, DateTimeOffset expiresOn) =>
        string.Format(CultureInfo.InvariantCulture, "To sign in, open {0} in a browser and enter the code {1} (valid until {2:u}).", verificationUrl, userCode, expiresOn.ToUniversalTime());

    private static bool IsLoopback(Uri authority) => authority.IsLoopback;

    private static ConfidentialClientApplicationBuilder Confidential(OAuthClientSettings settings, IMsalHttpClientFactory? httpClientFactory)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        ConfidentialClientApplicationBuilder builder = ConfidentialClientApplicationBuilder.Create(settings.ClientId);

        // Entra ID authorities keep MSAL's instance discovery; any other host is a generic OpenID Connect
        // authority, whose endpoints MSAL reads from its discovery document (no validation is switched off).
        builder = settings.IsMicrosoftAuthority
            ? builder.WithAuthority(settings.Authority.ToString())
            : builder.WithOidcAuthority(settings.Authority.ToString());
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        return builder;
    }

    // MSAL checks its configuration when the application is built: its refusals become engine errors too.
    private static T Build<T>(Func<T> build, OAuthClientSettings settings)
    {
        try
        {
            return build();
        }
        catch (MsalException ex)
        {
            throw MsalErrorMap.Map(ex, settings);
        }
    }

    [return: Secret]
    private static string Reveal(SecureString secret)
    {
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer, secret.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
