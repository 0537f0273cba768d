using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
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
    private const int Listed = 10;
    private readonly int[] _failures = new int[5];
    private readonly int[] _errors = new int[5];
    private readonly List<string> _examples = new();
    private int _threshold;
    private CiAnnotations? _ci;

    /// <summary>Gets or sets the lowest severity whose failures fail the assertion.</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("Critical", "High", "Medium", "Low", "Info", IgnoreCase = true)]
    public string FailOn { get; set; } = "High";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _threshold = (int)EngineEnum.Parse<Severity>(FailOn);
        try
        {
            _ci = CiAnnotations.FromEnvironment(Environment.GetEnvironmentVariable, (Severity)_threshold, "Security policy assertion");
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

        if (finding.Outcome is not (FindingOutcome.Fail or FindingOutcome.Error))
        {
            return;
        }

        int severity = (int)finding.Severity;
        (finding.Outcome == FindingOutcome.Fail ? _failures : _errors)[severity]++;
        if (severity >= _threshold && _examples.Count < Listed)
        {
            _examples.Add(string.Format(CultureInfo.InvariantCulture, "  {0} {1} [{2}] {3}: {4}", finding.Outcome, finding.RuleId, finding.Severity, finding.TargetName, finding.Reason));
        }
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

        int blocking = 0;
        for (int s = _threshold; s < _failures.Length; s++)
        {
            blocking += _failures[s] + _errors[s];
        }

        if (blocking == 0)
        {
            return;
        }

        var counts = new Hashtable(StringComparer.OrdinalIgnoreCase);
        var message = new StringBuilder();
        message.AppendFormat(CultureInfo.InvariantCulture, "Security policy assertion failed: {0} finding(s) at or above {1}.", blocking, (Severity)_threshold);
        foreach (Severity severity in Enum.GetValues(typeof(Severity)).Cast<Severity>().OrderByDescending(s => s))
        {
            int failed = _failures[(int)severity];
            int errored = _errors[(int)severity];
            counts[severity.ToString()] = failed + errored;
            message.AppendFormat(CultureInfo.InvariantCulture, " {0}: {1}", severity, failed);
            if (errored > 0)
            {
                message.AppendFormat(CultureInfo.InvariantCulture, " (+{0} error)", errored);
            }

            message.Append(severity == Severity.Info ? "." : ",");
        }

        message.AppendLine();
        message.Append(string.Join(Environment.NewLine, _examples));
        if (blocking > _examples.Count)
        {
            message.AppendLine().AppendFormat(CultureInfo.InvariantCulture, "  ... and {0} more; run Invoke-SecurityPolicy -Outcome Fail,Error to see them all.", blocking - _examples.Count);
        }

        ThrowEngineError(new SecureMailOpsException(PolicyErrorIds.AssertionFailed, FailureKind.SecurityError, message.ToString(), counts));
    }

    /// <summary>Removes the step summary's temporary file when the run did not complete.</summary>
    public void Dispose()
    {
        _ci?.Dispose();
        _ci = null;
    }
}
