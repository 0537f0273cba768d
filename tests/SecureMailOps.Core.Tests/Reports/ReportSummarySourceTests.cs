using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>
/// The summary looks a record's place and target up once per run of its findings (by reference); findings of
/// pipeline records (no place) and of files, interleaved record by record, must still count per source and per
/// target exactly as a lookup per finding would.
/// </summary>
public sealed class ReportSummarySourceTests
{
    [Fact]
    public void Pipeline_and_file_records_interleaved_are_counted_per_source_and_target()
    {
        List<PolicyFinding> fromFile = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        var evaluator = PolicyEvaluator.Compile(ReportTestKit.Baseline(), null, null, ReportTestKit.GeneratedAt);
        var fromPipeline = new List<PolicyFinding>();
        foreach (string id in new[] { "p1@example.com", "p2@example.com", "p3@example.com" })
        {
            // Two records with no place at all (null), one with a pipeline place that names no file.
            var fields = new RecordMap { ["kind"] = "Account", ["id"] = id, ["mfa"] = new RecordMap { ["enabled"] = false } };
            InventoryRecord record = id.StartsWith("p3", StringComparison.Ordinal)
                ? InventoryRecord.FromFields(fields, TargetKind.Account, "pipeline object 3")
                : new InventoryRecord(TargetKind.Account, id, fields, null);
            evaluator.Evaluate(record, fromPipeline);
        }

        Assert.Equal(2, fromPipeline.Where(f => f.TargetSource is null).Select(f => f.TargetName).Distinct().Count());

        // Record by record: a pipeline record's findings, then a file record's, and so on.
        var mixed = Interleave(fromPipeline.GroupBy(f => f.TargetName).Select(g => g.ToList()).ToList(), fromFile.GroupBy(f => (f.TargetKind, f.TargetName)).Select(g => g.ToList()).ToList());
        var builder = new ReportSummaryBuilder();
        mixed.ForEach(builder.Add);
        SecurityReportSummary summary = builder.Build();

        // Each source as a lookup per finding counts it: the file the place names, or "(pipeline)" without one.
        var expected = mixed.GroupBy(f => SourceLocation.Parse(f.TargetSource).File ?? InventorySourceSummary.Pipeline)
            .ToDictionary(g => g.Key, g => (Targets: (long)g.Select(f => (f.TargetKind, f.TargetName)).Distinct().Count(), Findings: (long)g.Count()));
        Assert.True(expected.Count >= 3, "the example inventory's file, the pipeline and the pipeline object's place");
        Assert.Equal(2, expected[InventorySourceSummary.Pipeline].Targets);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Targets, e.Value.Findings)), summary.Sources.Select(s => (s.File, s.Targets, s.Findings)));
        Assert.Equal(mixed.Count, summary.Counts.Total);
        foreach (var target in mixed.GroupBy(f => (f.TargetKind, f.TargetName)))
        {
            TargetSummary counted = Assert.Single(summary.Targets, t => t.Kind == target.Key.TargetKind && t.Name == target.Key.TargetName);
            Assert.Equal(target.Count(), counted.Counts.Total);
            Assert.Equal(target.Count(f => f.Outcome == FindingOutcome.Fail), counted.Counts.Fail);
        }
    }

    private static List<PolicyFinding> Interleave(List<List<PolicyFinding>> a, List<List<PolicyFinding>> b)
    {
        var all = new List<PolicyFinding>();
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            if (i < a.Count)
            {
                all.AddRange(a[i]);
            }

            if (i < b.Count)
            {
                all.AddRange(b[i]);
            }
        }

        return all;
    }
}
