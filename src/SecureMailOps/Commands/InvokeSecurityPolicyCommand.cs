using System;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Evaluates policies over inventory files and pipeline objects, one finding per rule and record.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "SecurityPolicy", DefaultParameterSetName = FindingsSet)]
[OutputType(typeof(PolicyFinding), ParameterSetName = new[] { FindingsSet })]
[OutputType(typeof(SecurityReportSummary), ParameterSetName = new[] { SummarySet })]
public sealed class InvokeSecurityPolicyCommand : PolicyEvaluationCommandBase
{
    private const string FindingsSet = "Findings";
    private const string SummarySet = "Summary";
    private bool[]? _wanted;
    private ReportSummaryBuilder? _summary;

    /// <summary>Gets or sets the outcomes to emit (all when omitted).</summary>
    [Parameter(ParameterSetName = FindingsSet)]
    [ValidateSet("Pass", "Fail", "Waived", "NotApplicable", "Error", IgnoreCase = true)]
    public string[]? Outcome { get; set; }

    /// <summary>Gets or sets a value indicating whether one summary (counts by outcome, severity, practice, rule and target) is returned instead of the findings.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
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
    protected override void OnFinding(PolicyFinding finding)
    {
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
        base.EndProcessing();
        if (_summary is not null)
        {
            WriteObject(_summary.Build());
        }
    }
}
