using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// The CI and runbook gate: evaluates like Invoke-SecurityPolicy and stops with a terminating error
/// (counts by severity, the first failures listed) when any failure or error is at or above -FailOn;
/// writes nothing otherwise.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "SecurityPolicy")]
[OutputType(typeof(void))]
public sealed class AssertSecurityPolicyCommand : PolicyEvaluationCommandBase
{
    private PolicyAssertion? _assertion;

    /// <summary>Gets or sets the lowest severity whose failures fail the assertion.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Critical", "High", "Medium", "Low", "Info", IgnoreCase = true)]
    public string FailOn { get; set; } = "High";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _assertion = new PolicyAssertion(EngineEnum.Parse<Severity>(FailOn));
        base.BeginProcessing();
    }

    /// <inheritdoc />
    protected override void OnFinding(PolicyFinding finding) => _assertion!.Add(finding);

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        base.EndProcessing();
        AssertVerdict verdict = _assertion!.Verdict();
        if (verdict.Passed)
        {
            return;
        }

        var counts = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<Severity, int> failed in verdict.Failures)
        {
            counts[failed.Key.ToString()] = failed.Value + verdict.Errors[failed.Key];
        }

        ThrowEngineError(new SecureMailOpsException(PolicyErrorIds.AssertionFailed, FailureKind.SecurityError, verdict.Message, counts));
    }
}
