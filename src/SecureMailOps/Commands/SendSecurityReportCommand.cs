using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Core.Reports;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Mails report files with the summary as the body (HTML and plain text), through the same
/// verified-TLS sending as Send-SecureMail (the engine's SmtpDispatcher): an adapter from
/// parameters to one engine message and one receipt.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "SecurityReport", SupportsShouldProcess = true)]
[OutputType(typeof(SmtpSendReceipt))]
public sealed class SendSecurityReportCommand : AsyncSecureMailOpsCmdlet
{
    private readonly List<string> _files = new();
    private SecurityReportSummary? _summary;

    /// <summary>Gets or sets the connection settings (from New-SmtpProfile).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public SmtpProfile Profile { get; set; } = null!;

    /// <summary>Gets or sets the sender.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string From { get; set; } = null!;

    /// <summary>Gets or sets the recipients.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] To { get; set; } = null!;

    /// <summary>Gets or sets the subject; the title and the failure count when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Subject { get; set; }

    /// <summary>Gets or sets the report files to attach (from the pipeline too, such as Get-ChildItem).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>Gets or sets the summary for the body (from Export-SecurityReport -PassThru); read from a JSON report among -Path when omitted.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecurityReportSummary? Summary { get; set; }

    /// <summary>Gets or sets a value indicating whether the receipt is returned.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string path in Path)
        {
            try
            {
                _files.AddRange(PolicyPaths.Resolve(this, new[] { path }, ReportErrorIds.ReportNotFound));
            }
            catch (SecureMailOpsException ex)
            {
                ThrowEngineError(ex, path);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            _summary = Summary ?? ReadSummaryFromFiles();
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
            return;
        }

        OutgoingMessage message = ReportMail.Build(_summary, From, To, Subject, _files);
        if (!ShouldProcess(string.Join(", ", To), "Send the security report '" + message.Subject + "' (" + _files.Count + " files) through " + Profile.Server + ":" + Profile.Port))
        {
            return;
        }

        using var dispatcher = new SmtpDispatcher(new SmtpDispatcherOptions { Log = line => Post(() => WriteVerbose(line)) }, CancelToken);
        SmtpDeliveryOutcome outcome;
        try
        {
            outcome = Await(dispatcher.SendAsync(Profile, message, CancelToken));
            Await(dispatcher.CompleteAsync());
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            return;
        }

        if (outcome.Error is not null)
        {
            ThrowEngineError(outcome.Error, string.Join(", ", To));
        }

        if (PassThru.IsPresent && outcome.Receipt is not null)
        {
            WriteObject(outcome.Receipt);
        }
    }

    private SecurityReportSummary ReadSummaryFromFiles()
    {
        string? json = _files.FirstOrDefault(f => string.Equals(System.IO.Path.GetExtension(f), ".json", StringComparison.OrdinalIgnoreCase));
        if (json is null)
        {
            throw new SecureMailOpsException(ReportErrorIds.SummaryMissing, FailureKind.InvalidArgument,
                "Send-SecurityReport needs the summary for the body: give -Summary (Export-SecurityReport -PassThru) or include the JSON report in -Path.");
        }

        return ReportMail.ReadSummary(json);
    }
}
