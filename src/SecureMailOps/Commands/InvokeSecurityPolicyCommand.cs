using System;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Policies;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Evaluates policies over inventory files and pipeline objects, one finding per rule and record.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "SecurityPolicy")]
[OutputType(typeof(PolicyFinding))]
public sealed class InvokeSecurityPolicyCommand : PolicyEvaluationCommandBase
{
    private bool[]? _wanted;

    /// <summary>Gets or sets the outcomes to emit (all when omitted).</summary>
    [Parameter]
    [ValidateSet("Pass", "Fail", "Waived", "NotApplicable", "Error", IgnoreCase = true)]
    public string[]? Outcome { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
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
        if (_wanted is null || _wanted[(int)finding.Outcome])
        {
            WriteObject(finding);
        }
    }
}
