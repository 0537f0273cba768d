using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>The shipped baseline: it loads, covers all 17 practices, and gives the expected findings on the example inventory.</summary>
public class BaselineTests
{
    private static List<SecurityPolicy> Baseline() =>
        PolicyLoader.ExpandPaths(new[] { Path.Combine(RepoRoot, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();

    private static List<PolicyFinding> EvaluateExample(DateTimeOffset asOf, IDictionary<string, object?>? parameters = null)
    {
        List<PolicyWaiver> waivers = PolicyLoader.LoadFile(Path.Combine(RepoRoot, "examples", "waivers.yaml")).SelectMany(p => p.Waivers).ToList();
        var evaluator = PolicyEvaluator.Compile(Baseline(), parameters, waivers, asOf);
        var findings = new List<PolicyFinding>();
        using InventoryReader reader = InventoryReader.Open(Path.Combine(RepoRoot, "examples", "inventory.yaml"), null);
        foreach (InventoryRecord record in reader.ReadRecords(e => throw e))
        {
            evaluator.Evaluate(record, findings);
        }

        return findings;
    }

    [Fact]
    public void Every_practice_is_covered_by_a_rule_with_a_remediation()
    {
        List<SecurityPolicy> baseline = Baseline();
        List<PolicyRule> rules = baseline.SelectMany(p => p.Rules).ToList();
        Assert.Equal(Enumerable.Range(1, 17), rules.SelectMany(r => r.Practices).Distinct().OrderBy(p => p));
        Assert.All(rules, r => Assert.True(r.Remediation.Length > 30, r.Id + " needs a remediation a person can act on"));
        Assert.Equal(rules.Count, rules.Select(r => r.Id).Distinct().Count());
        Assert.All(PracticeCatalog.Build(baseline, new[] { "Invoke-SecurityPolicy" }), p => Assert.NotEmpty(p.Rules));
    }

    [Fact]
    public void Periodic_rotation_is_a_parameter_and_off_by_default()
    {
        PolicyRule rotation = Baseline().SelectMany(p => p.Rules).Single(r => r.Id == "SMO-ACC-008");
        Assert.Equal(Severity.Low, rotation.Severity);
        Assert.All(EvaluateExample(AsOf).Where(f => f.RuleId == "SMO-ACC-008"), f => Assert.Equal(FindingOutcome.NotApplicable, f.Outcome));
        List<PolicyFinding> on = EvaluateExample(AsOf, new Dictionary<string, object?> { ["maxPasswordAgeDays"] = 365 });
        Assert.Equal(new[] { "bob@example.com", "info@example.com" }, on.Where(f => f.RuleId == "SMO-ACC-008" && f.Outcome == FindingOutcome.Fail).Select(f => f.TargetName));
    }

    [Fact]
    public void The_example_inventory_gives_the_expected_findings()
    {
        List<PolicyFinding> findings = EvaluateExample(AsOf);
        string[] failures = findings.Where(f => f.Outcome is FindingOutcome.Fail or FindingOutcome.Error or FindingOutcome.Waived)
            .Select(f => $"{f.Outcome} {f.RuleId} {f.TargetName}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
        string[] expected =
        {
            "Fail SMO-ACC-001 info@example.com",
            "Fail SMO-ACC-003 bob@example.com",
            "Fail SMO-ACC-004 bob@example.com",
            "Fail SMO-ACC-005 bob@example.com",
            "Fail SMO-ACC-006 bob@example.com",
            "Fail SMO-ACC-007 info@example.com",
            "Fail SMO-ACC-009 info@example.com",
            "Fail SMO-ACC-010 bob@example.com",
            "Fail SMO-ACC-011 info@example.com",
            "Fail SMO-ACC-012 bob@example.com",
            "Fail SMO-ACC-014 bob@example.com",
            "Fail SMO-ACC-015 it-admin@example.com",
            "Fail SMO-ACC-018 bob@example.com",
            "Fail SMO-ACC-019 it-admin@example.com",
            "Fail SMO-CON-002 legacy-relay",
            "Fail SMO-CON-003 legacy-relay",
            "Fail SMO-CON-004 legacy-relay",
            "Fail SMO-CON-005 legacy-relay",
            "Fail SMO-CON-006 bob-smtp-cafe",
            "Fail SMO-CON-007 bob-smtp-cafe",
            "Fail SMO-DEV-001 bob-phone",
            "Fail SMO-DEV-002 bob-phone",
            "Fail SMO-DEV-004 bob-phone",
            "Fail SMO-DEV-005 bob-phone",
            "Waived SMO-ACC-013 svc-mailer@example.com",
        };
        Assert.Equal(expected, failures);

        // Every account, device and connection gets one finding per rule of its kind.
        Assert.Equal((5 * 25) + (3 * 10) + (4 * 7), findings.Count);
        Assert.All(findings.Where(f => f.TargetName == "alice@example.com"), f => Assert.NotEqual(FindingOutcome.Fail, f.Outcome));
        PolicyFinding legacy = findings.Single(f => f.RuleId == "SMO-CON-002" && f.TargetName == "legacy-relay");
        Assert.Contains("the waiver expired on 2026-03-31", legacy.Reason, StringComparison.Ordinal);
        Assert.EndsWith("baseline-connections.yaml", legacy.RulePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_values_in_the_example_are_coerced_not_errors()
    {
        List<PolicyFinding> service = EvaluateExample(AsOf).Where(f => f.TargetName == "svc-mailer@example.com").ToList();
        Assert.DoesNotContain(service, f => f.Outcome == FindingOutcome.Error);
        Assert.Equal(FindingOutcome.Pass, service.Single(f => f.RuleId == "SMO-ACC-005").Outcome);
    }
}
