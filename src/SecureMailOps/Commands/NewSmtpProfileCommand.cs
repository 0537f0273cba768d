using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Creates reusable SMTP connection settings (TLS always; certificate validated or pinned).</summary>
[Cmdlet(VerbsCommon.New, "SmtpProfile")]
[OutputType(typeof(SmtpProfile))]
public sealed class NewSmtpProfileCommand : SecureMailOpsCmdlet
{
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
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Gets or sets an OAuth 2.0 access token (XOAUTH2), as a string or SecureString.</summary>
    [Parameter]
    [SecretTransformation]
    public SecureString? OAuthToken { get; set; }

    /// <summary>Gets or sets the mailbox the OAuth token belongs to (defaults to the credential's user name).</summary>
    [Parameter]
    public string? UserName { get; set; }

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
    protected override void ProcessRecord()
    {
        try
        {
            WriteObject(SmtpCmdletSupport.BuildProfile(this, Server, Port, TlsMode, Credential, OAuthToken, UserName, CertificatePin, MinimumTlsVersion, TimeoutSeconds, MaxRetries, ProtocolLogPath));
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, Server);
        }
    }
}
