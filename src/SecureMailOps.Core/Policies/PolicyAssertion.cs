using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// The gate behind Assert-SecurityPolicy: tallies Fail and Error findings by severity as they come
/// and gives the verdict against a threshold (any failure or error at or above it fails), with the
/// summary message. Findings are not kept, only the first few blocking ones as examples, so a gate
/// over millions of records stays small. Not thread-safe: feed it from one thread.
/// </summary>
public sealed class PolicyAssertion
{
    /// <summary>How many blocking findings the message lists.</summary>
    public const int ListedExamples = 10;

    private static readonly Severity[] SeveritiesHighFirst = Enum.GetValues(typeof(Severity)).Cast<Severity>().OrderByDescending(s => s).ToArray();
    private readonly int[] _failures = new int[SeveritiesHighFirst.Length];
    private readonly int[] _errors = new int[SeveritiesHighFirst.Length];
    private readonly List<PolicyFinding> _examples = new();

    /// <summary>Initializes a new instance of the <see cref="PolicyAssertion"/> class.</summary>
    /// <param name="threshold">The lowest severity whose failures and errors fail the assertion.</param>
    public PolicyAssertion(Severity threshold)
    {
        Threshold = threshold;
    }

    /// <summary>Gets the lowest severity whose failures and errors fail the assertion.</summary>
    public Severity Threshold { get; }

    /// <summary>Counts one finding (Pass, Waived and NotApplicable are ignored).</summary>
    /// <param name="finding">The finding.</param>
    public void Add(PolicyFinding finding)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        if (finding.Outcome is not (FindingOutcome.Fail or FindingOutcome.Error))
        {
            return;
        }

        (finding.Outcome == FindingOutcome.Fail ? _failures : _errors)[(int)finding.Severity]++;
        if (finding.Severity >= Threshold && _examples.Count < ListedExamples)
        {
            _examples.Add(finding);
        }
    }

    /// <summary>Gives the verdict for the findings counted so far.</summary>
    /// <returns>The verdict.</returns>
    public AssertVerdict Verdict()
    {
        int blocking = 0;
        var failures = new Dictionary<Severity, int>();
        var errors = new Dictionary<Severity, int>();
        foreach (Severity severity in SeveritiesHighFirst)
        {
            failures[severity] = _failures[(int)severity];
            errors[severity] = _errors[(int)severity];
            if (severity >= Threshold)
            {
                blocking += _failures[(int)severity] + _errors[(int)severity];
            }
        }

        return new AssertVerdict(Threshold, blocking, failures, errors, _examples.ToArray(), blocking == 0 ? string.Empty : Message(blocking));
    }

    private string Message(int blocking)
    {
        var message = new StringBuilder();
        message.AppendFormat(CultureInfo.InvariantCulture, "Security policy assertion failed: {0} finding(s) at or above {1}.", blocking, Threshold);
        foreach (Severity severity in SeveritiesHighFirst)
        {
            message.AppendFormat(CultureInfo.InvariantCulture, " {0}: {1}", severity, _failures[(int)severity]);
            if (_errors[(int)severity] > 0)
            {
                message.AppendFormat(CultureInfo.InvariantCulture, " (+{0} error)", _errors[(int)severity]);
            }

            message.Append(severity == SeveritiesHighFirst[SeveritiesHighFirst.Length - 1] ? "." : ",");
        }

        foreach (PolicyFinding finding in _examples)
        {
            message.AppendLine().AppendFormat(CultureInfo.InvariantCulture, "  {0} {1} [{2}] {3}: {4}", finding.Outcome, finding.RuleId, finding.Severity, finding.TargetName, finding.Reason);
        }

        if (blocking > _examples.Count)
        {
            message.AppendLine().AppendFormat(CultureInfo.InvariantCulture, "  ... and {0} more; run Invoke-SecurityPolicy -Outcome Fail,Error to see them all.", blocking - _examples.Count);
        }

        return message.ToString();
    }
}
