using System;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Evaluates policies over inventory files and pipeline objects, one finding per rule and record; or
/// only their summary (-Summary); or writes them straight into report files as they are made
/// (-ReportPath), through the same engine exporter as Export-SecurityReport but without handing each
/// finding to the PowerShell pipeline.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SecurityPolicy", DefaultParameterSetName = FindingsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PolicyFinding), ParameterSetName = new[] { FindingsSet })]
[OutputType(typeof(SecurityReportSummary), ParameterSetName = new[] { SummarySet, ReportSet })]
public sealed class InvokeSecurityPolicyCommand : PolicyEvaluationCommandBase, IDisposable
{
    private const string FindingsSet = "Findings";
    private const string SummarySet = "Summary";
    private const string ReportSet = "Report";
    private bool[]? _wanted;
    private ReportSummaryBuilder? _summary;
    private SecurityReportExporter? _exporter;
    private bool _declined;

    /// <summary>Gets or sets the outcomes to emit (all when omitted).</summary>
    [Parameter(ParameterSetName = FindingsSet)]
    [ValidateSet("Pass", "Fail", "Waived", "NotApplicable", "Error", IgnoreCase = true)]
    public string[]? Outcome { get; set; }

    /// <summary>Gets or sets a value indicating whether one summary (counts by outcome, severity, practice, rule and target) is returned instead of the findings.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    /// <summary>Gets or sets the report files, or folders that get one file per format: the findings are written there as they are made, and the summary is returned.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReportSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ReportPath { get; set; }

    /// <summary>Gets or sets the report formats; from the file extension when omitted (all six for a folder).</summary>
    [Parameter(ParameterSetName = ReportSet)]
    [ValidateSet("Html", "Markdown", "JUnit", "Sarif", "Json", "Csv", IgnoreCase = true)]
    public string[]? ReportFormat { get; set; }

    /// <summary>Gets or sets the report title.</summary>
    [Parameter(ParameterSetName = ReportSet)]
    [ValidateNotNullOrEmpty]
    public string ReportTitle { get; set; } = "Security policy report";

    /// <summary>Gets or sets a previous run's JSON report: findings are marked New, Fixed, StillFailing or Unchanged against it.</summary>
    [Parameter(ParameterSetName = ReportSet)]
    [ValidateNotNullOrEmpty]
    public string? ReportBaseline { get; set; }

    /// <summary>Gets or sets the folder SARIF locations are relative to (the repository root); the current folder when omitted.</summary>
    [Parameter(ParameterSetName = ReportSet)]
    [ValidateNotNullOrEmpty]
    public string? ReportSourceRoot { get; set; }

    /// <summary>Gets or sets a value indicating whether passes and not-applicable findings are listed in SARIF, HTML, JSON and CSV too (JUnit always lists them).</summary>
    [Parameter(ParameterSetName = ReportSet)]
    public SwitchParameter ReportIncludePass { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (ReportPath is not null)
        {
            try
            {
                _exporter = ReportParameters.Open(this, ReportPath, ReportFormat, ReportTitle, ReportBaseline, ReportSourceRoot, ReportIncludePass.IsPresent);
            }
            catch (SecureMailOpsException ex)
            {
                ThrowEngineError(ex);
            }

            // -WhatIf (or No at -Confirm): nothing is evaluated, since the findings would go nowhere.
            _declined = _exporter is null;
            if (_declined)
            {
                return;
            }
        }

        _summary = Summary.IsPresent ? new ReportSummaryBuilder() : null;
        if (Outcome is not null)
        {
            _wanted = new bool[Enum.GetValues(typeof(FindingOutcome)).Length];
            foreach (string name in Outcome.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                _wanted[(int)EngineEnum.Parse<FindingOutcome>(name)] = true;
            }

            LimitOutcomes(_wanted);
        }

        base.BeginProcessing();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!_declined)
        {
            base.ProcessRecord();
        }
    }

    /// <inheritdoc />
    protected override bool ExplainFindingsAhead => _exporter is not null;

    /// <inheritdoc />
    protected override void OnFinding(PolicyFinding finding)
    {
        if (_exporter is not null)
        {
            try
            {
                _exporter.Add(finding);
            }
            catch (SecureMailOpsException ex)
            {
                // Terminating: a report that cannot be written must not be completed from what is left.
                ThrowEngineError(ex);
            }

            return;
        }

        if (_summary is not null)
        {
            _summary.Add(finding);
            return;
        }

        if (_wanted is null || _wanted[(int)finding.Outcome])
        {
            WriteObject(finding);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_declined)
        {
            return;
        }

        base.EndProcessing();
        if (_exporter is not null)
        {
            SecurityReportSummary report;
            try
            {
                report = ReportParameters.Complete(_exporter, this);
            }
            catch (SecureMailOpsException ex)
            {
                ThrowEngineError(ex);
                return;
            }

            WriteObject(report);
        }
        else if (_summary is not null)
        {
            WriteObject(_summary.Build());
        }
    }

    /// <summary>Removes the report's temporary files when the run did not complete (an error, or Ctrl+C).</summary>
    public void Dispose()
    {
        _exporter?.Dispose();
        _exporter = null;
    }
}
