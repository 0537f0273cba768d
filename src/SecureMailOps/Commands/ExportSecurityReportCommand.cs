using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Writes findings from the pipeline as reports (HTML, Markdown, JUnit, SARIF, JSON, CSV) in one
/// pass: each finding goes to every format as it arrives and is not kept; the summary goes in at
/// the end and the files are moved into place only then.
/// </summary>
[Cmdlet(VerbsData.Export, "SecurityReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SecurityReportSummary))]
public sealed class ExportSecurityReportCommand : SecureMailOpsCmdlet, IDisposable
{
    private SecurityReportExporter? _exporter;
    private ProgressReporter? _progress;

    /// <summary>Gets or sets the report files, or folders that get one file per format.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>Gets or sets the findings (from Invoke-SecurityPolicy).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PolicyFinding? InputObject { get; set; }

    /// <summary>Gets or sets the formats; from the file extension when omitted (all six for a folder).</summary>
    [Parameter]
    [ValidateSet("Html", "Markdown", "JUnit", "Sarif", "Json", "Csv", IgnoreCase = true)]
    public string[]? Format { get; set; }

    /// <summary>Gets or sets the report title.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "Security policy report";

    /// <summary>Gets or sets a previous run's JSON report: findings are marked New, Fixed, StillFailing or Unchanged against it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Baseline { get; set; }

    /// <summary>Gets or sets the folder SARIF locations are relative to (the repository root); the current folder when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SourceRoot { get; set; }

    /// <summary>Gets or sets a value indicating whether passes and not-applicable findings are listed in SARIF, HTML, JSON and CSV too (JUnit always lists them).</summary>
    [Parameter]
    public SwitchParameter IncludePass { get; set; }

    /// <summary>Gets or sets a value indicating whether the summary is returned.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            _exporter = ReportParameters.Open(this, Path, Format, Title, Baseline, SourceRoot, IncludePass.IsPresent);
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_exporter is null || InputObject is null)
        {
            return;
        }

        try
        {
            _exporter.Add(InputObject);
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }

        _progress ??= new ProgressReporter(this, 4, MyInvocation.MyCommand.Name, "writing reports");
        if (_progress.IsDue(_exporter.Count))
        {
            _progress.Report(0, 0, _exporter.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " findings written");
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _progress?.Complete();
        if (_exporter is null)
        {
            return;
        }

        SecurityReportSummary summary;
        try
        {
            summary = ReportParameters.Complete(_exporter, this);
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
            return;
        }

        if (PassThru.IsPresent)
        {
            WriteObject(summary);
        }
    }

    /// <summary>Removes the temporary files of a run that did not complete (an error, or Ctrl+C).</summary>
    public void Dispose()
    {
        _exporter?.Dispose();
        _exporter = null;
    }
}
