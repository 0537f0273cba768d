using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Core.Mail.OAuth;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Creates reusable SMTP connection settings (TLS always; certificate validated or pinned).</summary>
[Cmdlet(VerbsCommon.New, "SmtpProfile", DefaultParameterSetName = BasicSet)]
[OutputType(typeof(SmtpProfile))]
public sealed class NewSmtpProfileCommand : SecureMailOpsCmdlet, IDisposable
{
    // One parameter set per way of authenticating: exactly one OAuth credential kind can be given.
    private const string BasicSet = "Basic";
    private const string SecretSet = "OAuthClientSecret";
    private const string CertificateSet = "OAuthCertificate";
    private const string ThumbprintSet = "OAuthCertificateThumbprint";
    private const string CertificateFileSet = "OAuthCertificatePath";
    private const string DeviceCodeSet = "OAuthDeviceCode";

    private readonly CancellationTokenSource _stop = new();

    /// <summary>Gets or sets the submission server's host name or address.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("SmtpServer", "ComputerName")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>Gets or sets the port; defaults to 587 (StartTls) or 465 (Implicit).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>Gets or sets how TLS starts: StartTls (default) or Implicit.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(SmtpTlsMode.StartTls), nameof(SmtpTlsMode.Implicit), IgnoreCase = true)]
    public string TlsMode { get; set; } = nameof(SmtpTlsMode.StartTls);

    /// <summary>Gets or sets the user name and password for AUTH.</summary>
    [Parameter(ParameterSetName = BasicSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Gets or sets an OAuth 2.0 access token (XOAUTH2), as a string or SecureString.</summary>
    [Parameter(ParameterSetName = BasicSet)]
    [SecretTransformation]
    public SecureString? OAuthToken { get; set; }

    /// <summary>Gets or sets the mailbox to send as (the XOAUTH2 user; with -OAuthToken it defaults to the credential's user name).</summary>
    [Parameter(ParameterSetName = BasicSet)]
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
    public string? UserName { get; set; }

    /// <summary>Gets or sets the application (client) id of the app registration.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
    [ValidateNotNullOrEmpty]
    public string? OAuthClientId { get; set; }

    /// <summary>Gets or sets the tenant: its id or a verified domain (contoso.onmicrosoft.com).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [Parameter(ParameterSetName = ThumbprintSet)]
    [Parameter(ParameterSetName = CertificateFileSet)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [ValidateNotNullOrEmpty]
    public string? OAuthTenantId { get; set; }

    /// <summary>Gets or sets the app's client secret, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [SecretTransformation]
    public SecureString? OAuthClientSecret { get; set; }

    /// <summary>Gets or sets the certificate (with its private key) the app signs its client assertions with.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    public X509Certificate2? OAuthCertificate { get; set; }

    /// <summary>Gets or sets the thumbprint of that certificate in Cert:\CurrentUser\My or Cert:\LocalMachine\My (Windows only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ThumbprintSet)]
    [ValidateNotNullOrEmpty]
    public string? OAuthCertificateThumbprint { get; set; }

    /// <summary>Gets or sets a PFX (PKCS#12) file holding that certificate and its private key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateFileSet)]
    [ValidateNotNullOrEmpty]
    public string? OAuthCertificatePath { get; set; }

    /// <summary>Gets or sets the PFX file's password.</summary>
    [Parameter(ParameterSetName = CertificateFileSet)]
    [SecretTransformation]
    public SecureString? OAuthCertificatePassword { get; set; }

    /// <summary>Gets or sets a value indicating whether a user signs in with the device-code flow (now, once per profile).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
    public SwitchParameter OAuthDeviceCode { get; set; }

    /// <summary>Gets or sets the scopes requested (default https://outlook.office365.com/.default).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [Parameter(ParameterSetName = ThumbprintSet)]
    [Parameter(ParameterSetName = CertificateFileSet)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [ValidateNotNullOrEmpty]
    public string[]? OAuthScope { get; set; }

    /// <summary>Gets or sets the authority (default the Microsoft identity platform for the tenant; any OpenID Connect authority).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CertificateSet)]
    [Parameter(ParameterSetName = ThumbprintSet)]
    [Parameter(ParameterSetName = CertificateFileSet)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [ValidateNotNull]
    public Uri? OAuthAuthority { get; set; }

    /// <summary>Gets or sets accepted certificate SHA-256 fingerprints.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? CertificatePin { get; set; }

    /// <summary>Gets or sets the lowest accepted TLS version.</summary>
    [Parameter]
    [ValidateSet(nameof(SmtpTlsVersion.Tls12), nameof(SmtpTlsVersion.Tls13), IgnoreCase = true)]
    public string MinimumTlsVersion { get; set; } = nameof(SmtpTlsVersion.Tls12);

    /// <summary>Gets or sets how long one network operation may wait, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets how many times transient failures are retried.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets a file to log the SMTP conversation to (AUTH secrets redacted, message content never logged).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ProtocolLogPath { get; set; }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            SmtpProfile profile = SmtpCmdletSupport.BuildProfile(this, Server, Port, TlsMode, Credential, OAuthToken, UserName, CertificatePin, MinimumTlsVersion, TimeoutSeconds, MaxRetries, ProtocolLogPath);
            if (!string.Equals(ParameterSetName, BasicSet, StringComparison.Ordinal))
            {
                profile.SetOAuthTokenSource(UserName!, CreateTokenSource());
            }

            WriteObject(profile);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, Server);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Ctrl+C while waiting for a device-code sign-in: no profile.
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    private MsalTokenSource CreateTokenSource()
    {
        var settings = new OAuthClientSettings(OAuthClientId!, OAuthTenantId, OAuthAuthority, OAuthScope);
        switch (ParameterSetName)
        {
            case SecretSet:
                return MsalTokenSource.ForClientSecret(settings, OAuthClientSecret!);
            case CertificateSet:
                return MsalTokenSource.ForCertificate(settings, OAuthCertificate!);
            case ThumbprintSet:
                return MsalTokenSource.ForCertificate(settings, OAuthCertificates.FromStore(OAuthCertificateThumbprint!));
            case CertificateFileSet:
                string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OAuthCertificatePath);
                return MsalTokenSource.ForCertificate(settings, OAuthCertificates.FromFile(path, OAuthCertificatePassword));
            default:
                MsalTokenSource source = MsalTokenSource.ForDeviceCode(settings);
                SignIn(source);
                return source;
        }
    }

    // The device-code flow runs on MSAL's threads; its instructions are shown here, on the pipeline thread, through
    // the host (WriteWarning), never the console, and the sign-in is awaited here so Ctrl+C stops it.
    private void SignIn(MsalTokenSource source)
    {
        using var prompts = new BlockingCollection<string>();
        Task<DateTimeOffset> signIn = Task.Run(async () =>
        {
            try
            {
                return await source.SignInAsync(prompts.Add, _stop.Token).ConfigureAwait(false);
            }
            finally
            {
                prompts.CompleteAdding();
            }
        });
        foreach (string prompt in prompts.GetConsumingEnumerable(_stop.Token))
        {
            WriteWarning(prompt);
        }

        DateTimeOffset expires = signIn.GetAwaiter().GetResult();
        WriteVerbose($"Signed in for app {OAuthClientId}; the first token is valid until {expires:u} and is refreshed silently for this profile.");
    }
}
