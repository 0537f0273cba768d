using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>The Assert-SecurityPolicy verdict, in the engine: tallies, threshold, message.</summary>
public sealed class PolicyAssertionTests
{
    private static readonly string TwoRules = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: gate
        spec:
          rules:
            - id: G-HIGH
              title: mfa on
              severity: high
              practice: 2
              target: Account
              condition: { field: mfa, equals: true }
              remediation: turn it on
            - id: G-LOW
              title: trained
              severity: low
              practice: 12
              target: Account
              condition: { field: trained, equals: true }
              remediation: train
        """;

    private static List<PolicyFinding> Findings(int count, string fields)
    {
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(TwoRules, "gate.yaml").ToList(), null, null, PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        for (int i = 0; i < count; i++)
        {
            evaluator.Evaluate(PolicyTestKit.Record("{\"id\": \"u" + i + "@example.com\", " + fields + "}"), findings);
        }

        return findings;
    }

    private static AssertVerdict Verdict(Severity threshold, IEnumerable<PolicyFinding> findings)
    {
        var assertion = new PolicyAssertion(threshold);
        foreach (PolicyFinding finding in findings)
        {
            assertion.Add(finding);
        }

        return assertion.Verdict();
    }

    [Fact]
    public void Failures_below_the_threshold_pass_and_are_still_counted()
    {
        AssertVerdict verdict = Verdict(Severity.High, Findings(3, "\"mfa\": true, \"trained\": false"));
        Assert.True(verdict.Passed);
        Assert.Equal(0, verdict.Blocking);
        Assert.Equal(3, verdict.Failures[Severity.Low]);
        Assert.Equal(0, verdict.Failures[Severity.High]);
        Assert.Empty(verdict.Message);
        Assert.False(Verdict(Severity.Low, Findings(3, "\"mfa\": true, \"trained\": false")).Passed);
    }

    [Fact]
    public void Errors_count_as_blocking_and_are_shown_apart_from_failures()
    {
        AssertVerdict verdict = Verdict(Severity.High, Findings(2, "\"mfa\": [1], \"trained\": true"));
        Assert.False(verdict.Passed);
        Assert.Equal(2, verdict.Blocking);
        Assert.Equal(2, verdict.Errors[Severity.High]);
        Assert.Contains("High: 0 (+2 error),", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_counts_by_severity_and_lists_the_first_ten_blocking_findings()
    {
        AssertVerdict verdict = Verdict(Severity.Medium, Findings(25, "\"mfa\": false, \"trained\": false"));
        Assert.Equal(25, verdict.Blocking);
        Assert.Equal(PolicyAssertion.ListedExamples, verdict.Examples.Count);
        Assert.All(verdict.Examples, f => Assert.Equal("G-HIGH", f.RuleId));
        string[] lines = verdict.Message.Split(Environment.NewLine);
        Assert.Equal("Security policy assertion failed: 25 finding(s) at or above Medium. Critical: 0, High: 25, Medium: 0, Low: 25, Info: 0.", lines[0]);
        Assert.StartsWith("  Fail G-HIGH [High] u0@example.com: 'mfa' is false", lines[1], StringComparison.Ordinal);
        Assert.Equal("  ... and 15 more; run Invoke-SecurityPolicy -Outcome Fail,Error to see them all.", lines[^1]);
        Assert.Equal(12, lines.Length);
    }
}
