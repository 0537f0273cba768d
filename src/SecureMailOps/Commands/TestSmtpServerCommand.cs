using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Commands;

/// <summary>Probes an SMTP server without sending mail or credentials and returns a Connection record.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SmtpServer", DefaultParameterSetName = InlineSet)]
[OutputType(typeof(SmtpConnectionReport))]
public sealed class TestSmtpServerCommand : AsyncSecureMailOpsCmdlet
{
    private const string InlineSet = "Inline";
    private const string ProfileSet = "Profile";

    /// <summary>Gets or sets a profile from New-SmtpProfile.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProfileSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public SmtpProfile Profile { get; set; } = null!;

    /// <summary>Gets or sets the server's host name or address.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = InlineSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("SmtpServer", "ComputerName", "Host")]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = null!;

    /// <summary>Gets or sets the port; defaults to 587 (StartTls) or 465 (Implicit).</summary>
    [Parameter(ParameterSetName = InlineSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>Gets or sets how TLS starts: StartTls (default) or Implicit.</summary>
    [Parameter(ParameterSetName = InlineSet, ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(SmtpTlsMode.StartTls), nameof(SmtpTlsMode.Implicit), IgnoreCase = true)]
    public string TlsMode { get; set; } = nameof(SmtpTlsMode.StartTls);

    /// <summary>Gets or sets certificate SHA-256 fingerprints to compare with.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateNotNullOrEmpty]
    public string[]? CertificatePin { get; set; }

    /// <summary>Gets or sets the lowest TLS version that is not a finding.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateSet(nameof(SmtpTlsVersion.Tls12), nameof(SmtpTlsVersion.Tls13), IgnoreCase = true)]
    public string MinimumTlsVersion { get; set; } = nameof(SmtpTlsVersion.Tls12);

    /// <summary>Gets or sets how long to wait for the server, in seconds.</summary>
    [Parameter(ParameterSetName = InlineSet)]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        object target = string.Equals(ParameterSetName, ProfileSet, StringComparison.Ordinal) ? Profile : Server;
        try
        {
            SmtpProfile profile = string.Equals(ParameterSetName, ProfileSet, StringComparison.Ordinal)
                ? Profile
                : SmtpCmdletSupport.BuildProfile(this, Server, Port, TlsMode, null, null, null, CertificatePin, MinimumTlsVersion, TimeoutSeconds, 0, null);
            WriteVerbose($"Probing {profile.Server}:{profile.Port} ({profile.TlsMode}).");
            SmtpConnectionReport report = Await(SmtpServerProbe.ProbeAsync(profile, CancelToken));
            foreach (string finding in report.Findings)
            {
                WriteVerbose(finding);
            }

            WriteObject(report);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, target);
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell stops the pipeline itself.
        }
    }
}
