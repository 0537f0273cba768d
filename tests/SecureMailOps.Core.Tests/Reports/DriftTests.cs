using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>Two runs with known changes: each finding is marked New, Fixed, StillFailing or Unchanged.</summary>
public sealed class DriftTests : IDisposable
{
    private const string Policy = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: drift
          version: "2.1"
        spec:
          rules:
            - id: D-1
              title: mfa on
              severity: high
              practice: 2
              target: Account
              condition: { field: mfa, equals: true }
              remediation: turn on two-factor authentication for the account
        """;

    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private List<PolicyFinding> Run(params (string Id, bool Mfa)[] accounts)
    {
        string inventory = _kit.Write("inventory.json", JsonSerializer.Serialize(accounts.Select(a => new Dictionary<string, object> { ["kind"] = "Account", ["id"] = a.Id, ["mfa"] = a.Mfa })));
        var evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(Policy, "drift.yaml").ToList(), null, null, Tests.Policies.PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        using InventoryReader reader = InventoryReader.Open(inventory, null);
        foreach (InventoryRecord record in reader.ReadRecords(e => throw e))
        {
            evaluator.Evaluate(record, findings);
        }

        return findings;
    }

    [Fact]
    public void Findings_are_marked_against_the_previous_run()
    {
        // Before: a fails, b fails, c passes, d fails (and is removed later).
        _kit.Export(Run(("a", false), ("b", false), ("c", true), ("d", false)), new[] { ReportFormat.Json });
        string baseline = Path.Combine(_kit.Folder, "baseline.json");
        File.Move(_kit.PathOf(ReportFormat.Json), baseline);

        // After: a still fails, b is fixed, c now fails (new), e is new and passes, f is new and fails; d is gone.
        SecurityReportSummary summary = _kit.Export(
            Run(("a", false), ("b", true), ("c", false), ("e", true), ("f", false)),
            new[] { ReportFormat.Json, ReportFormat.Csv, ReportFormat.Html, ReportFormat.Markdown },
            new ReportOptions { BaselinePath = baseline });

        DriftSummary drift = summary.Drift!;
        Assert.Equal(2, drift.New);
        Assert.Equal(2, drift.Fixed); // b, and d whose record is gone
        Assert.Equal(1, drift.StillFailing);
        Assert.Equal(1, drift.Unchanged);
        Assert.Equal(1, drift.Gone);
        Assert.Equal(baseline, drift.Baseline);
        Assert.Equal(ReportTestKit.GeneratedAt, drift.BaselineGeneratedAt);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Json)));
        var marks = json.RootElement.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("target").GetString()!, f => f.GetProperty("drift").GetString());
        Assert.Equal("StillFailing", marks["a"]);
        Assert.Equal("Fixed", marks["b"]);
        Assert.Equal("New", marks["c"]);
        Assert.False(marks.ContainsKey("e"), "a pass that did not change is counted, not listed (it is with IncludePass)");
        Assert.Equal("New", marks["f"]);
        Assert.Contains(File.ReadAllLines(_kit.PathOf(ReportFormat.Csv)), l => l.StartsWith("Fail,High,D-1,", StringComparison.Ordinal) && l.Contains(",a,", StringComparison.Ordinal) && l.EndsWith(",StillFailing,,", StringComparison.Ordinal));
        Assert.Contains("data-drift=\"New\">2<", File.ReadAllText(_kit.PathOf(ReportFormat.Html)), StringComparison.Ordinal);
        Assert.Contains("| 2 | 2 | 1 | 1 |", File.ReadAllText(_kit.PathOf(ReportFormat.Markdown)), StringComparison.Ordinal);
        Assert.Equal("2.1", Assert.Single(summary.Policies).Version);
    }

    [Fact]
    public void A_baseline_that_is_not_a_report_is_refused_with_its_position()
    {
        string bad = _kit.Write("bad.json", "{\n  \"kind\": \"SecurityReport\",\n  \"schemaVersion\": \"1.0\",\n  \"findings\": [ { \"ruleId\": 5 } ]\n}");
        var ex = Assert.Throws<SecureMailOpsException>(() => DriftBaseline.Load(bad));
        Assert.Equal(ReportErrorIds.BaselineInvalid, ex.ErrorId);
        Assert.Contains("line 4", ex.Message, StringComparison.Ordinal);

        string other = _kit.Write("other.json", "{ \"kind\": \"Something\", \"findings\": [] }");
        Assert.Equal(ReportErrorIds.BaselineInvalid, Assert.Throws<SecureMailOpsException>(() => DriftBaseline.Load(other)).ErrorId);
        Assert.Equal(ReportErrorIds.BaselineNotFound, Assert.Throws<SecureMailOpsException>(() => DriftBaseline.Load(Path.Combine(_kit.Folder, "none.json"))).ErrorId);
    }
}
