using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// The CI and runbook gate: evaluates like Invoke-SecurityPolicy and stops with a terminating error
/// (counts by severity, the first failures listed) when any failure or error is at or above -FailOn;
/// writes nothing otherwise. Inside GitHub Actions or Azure Pipelines it also annotates each failing
/// finding at its inventory file and line, and appends a Markdown summary to GITHUB_STEP_SUMMARY.
/// </summary>
[Cmdlet(VerbsLifecycle.Assert, "SecurityPolicy")]
[OutputType(typeof(void))]
public sealed class AssertSecurityPolicyCommand : PolicyEvaluationCommandBase, IDisposable
{
    private PolicyAssertion? _assertion;
    private CiAnnotations? _ci;

    /// <summary>Gets or sets the lowest severity whose failures fail the assertion.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Critical", "High", "Medium", "Low", "Info", IgnoreCase = true)]
    public string FailOn { get; set; } = "High";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var threshold = EngineEnum.Parse<Severity>(FailOn);
        _assertion = new PolicyAssertion(threshold);
        try
        {
            _ci = CiAnnotations.FromEnvironment(Environment.GetEnvironmentVariable, threshold, "Security policy assertion");
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }

        base.BeginProcessing();
    }

    /// <inheritdoc />
    protected override void OnFinding(PolicyFinding finding)
    {
        if (_ci?.Add(finding) is string annotation)
        {
            Host.UI.WriteLine(annotation);
        }

        _assertion!.Add(finding);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        base.EndProcessing();
        try
        {
            foreach (string line in _ci?.Complete() ?? Array.Empty<string>())
            {
                Host.UI.WriteLine(line);
            }
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
        }

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

    /// <summary>Removes the step summary's temporary file when the run did not complete.</summary>
    public void Dispose()
    {
        _ci?.Dispose();
        _ci = null;
    }
}
