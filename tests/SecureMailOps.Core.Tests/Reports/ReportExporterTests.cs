using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Json.Schema;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using Xunit;
#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>One pass writes every format; each format holds what the summary counts; files appear whole or not at all.</summary>
public sealed class ReportExporterTests : IDisposable
{
    private readonly ReportTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void One_pass_writes_six_formats_whose_counts_agree_with_the_findings()
    {
        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        SecurityReportSummary summary = _kit.Export(findings, ReportTestKit.AllFormats);

        Assert.Equal(findings.Count, summary.Counts.Total);
        foreach (FindingOutcome outcome in Enum.GetValues<FindingOutcome>())
        {
            Assert.Equal(findings.Count(f => f.Outcome == outcome), summary.Counts.Of(outcome));
        }

        Assert.Equal(17, summary.ByPractice.Count);
        Assert.Equal(Enumerable.Range(1, 17), summary.ByPractice.Select(p => p.Number));
        Assert.Equal(findings.Count(f => f.Practices.Contains(2) && f.Outcome == FindingOutcome.Fail), summary.ByPractice[1].Counts.Fail);
        Assert.Equal(3, summary.Policies.Count);
        Assert.All(summary.Policies, p => Assert.Equal("1.0", p.Version));
        Assert.Equal(AsOf, summary.AsOf);
        Assert.Equal(findings.Select(f => f.TargetName).Distinct().Count(), summary.Targets.Count);
        InventorySourceSummary source = Assert.Single(summary.Sources);
        Assert.Equal(ReportTestKit.ExampleInventory, source.File);
        Assert.Contains(summary.Waivers, w => w.RuleId == "SMO-CON-002" && w.Expired);
        Assert.Contains(summary.Waivers, w => w.RuleId == "SMO-ACC-013" && !w.Expired);

        // Every file is in place and no temporary file is left beside them.
        Assert.Equal(6, Directory.GetFiles(_kit.Folder).Length);
        Assert.Empty(Directory.GetFiles(_kit.Folder, ".*"));

        // JSON and CSV list the problems (failures, errors, waived); the summary counts every outcome.
        int problems = findings.Count(f => f.Outcome is FindingOutcome.Fail or FindingOutcome.Error or FindingOutcome.Waived);
        Assert.True(problems < findings.Count);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Json)));
        Assert.Equal(problems, json.RootElement.GetProperty("findings").GetArrayLength());
        Assert.False(json.RootElement.GetProperty("listsPasses").GetBoolean());
        Assert.Equal(summary.Counts.Fail, json.RootElement.GetProperty("summary").GetProperty("counts").GetProperty("fail").GetInt64());

        XDocument junit = XDocument.Load(_kit.PathOf(ReportFormat.JUnit));
        Assert.Equal(findings.Count, junit.Descendants("testcase").Count());
        Assert.Equal(summary.Counts.Fail, junit.Descendants("failure").Count());
        Assert.Equal(summary.Counts.Waived + summary.Counts.NotApplicable, junit.Descendants("skipped").Count());
        Assert.Equal(3, junit.Root!.Elements("testsuite").Count());
        Assert.All(junit.Root.Elements("testsuite"), s => Assert.Equal(s.Elements("testcase").Count(), (int)s.Attribute("tests")!));

        string[] csv = File.ReadAllLines(_kit.PathOf(ReportFormat.Csv));
        Assert.Equal(problems + 1, csv.Length);

        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Sarif)));
        JsonElement results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(summary.Counts.Fail + summary.Counts.Error + summary.Counts.Waived, results.GetArrayLength());
    }

    [Fact]
    public void The_json_report_validates_against_the_shipped_schema()
    {
        string schemaDir = Path.Combine(RepoRoot, "policies", "schema");
        JsonSchema schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(schemaDir, "report.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        string first = _kit.PathOf(ReportFormat.Json);
        _kit.Export(ReportTestKit.Evaluate(ReportTestKit.ExampleInventory), new[] { ReportFormat.Json });
        string baseline = Path.Combine(_kit.Folder, "baseline.json");
        File.Move(first, baseline);
        _kit.Export(ReportTestKit.Evaluate(ReportTestKit.ExampleInventory), new[] { ReportFormat.Json }, new ReportOptions { BaselinePath = baseline });

        foreach (string path in new[] { baseline, first })
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            EvaluationResults results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            string errors = string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)));
            Assert.True(results.IsValid, errors);
        }
    }

    [Fact]
    public void A_run_that_is_not_completed_leaves_no_file()
    {
        File.WriteAllText(_kit.PathOf(ReportFormat.Json), "previous");
        using (var exporter = new SecurityReportExporter(ReportTestKit.AllFormats.Select(f => new ReportTarget(f, _kit.PathOf(f))).ToList(), new ReportOptions()))
        {
            foreach (PolicyFinding finding in ReportTestKit.Evaluate(ReportTestKit.ExampleInventory))
            {
                exporter.Add(finding);
            }
        }

        Assert.Equal(new[] { _kit.PathOf(ReportFormat.Json) }, Directory.GetFiles(_kit.Folder));
        Assert.Equal("previous", File.ReadAllText(_kit.PathOf(ReportFormat.Json)));
    }

    [Fact]
    public void A_missing_folder_is_a_write_error_naming_the_file()
    {
        string path = Path.Combine(_kit.Folder, "no-such-folder", "r.json");
        var ex = Assert.Throws<SecureMailOpsException>(() => new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.Json, path) }, new ReportOptions()));
        Assert.Equal(ReportErrorIds.WriteFailed, ex.ErrorId);
        Assert.Equal(FailureKind.WriteError, ex.Kind);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_formats_for_one_file_are_refused()
    {
        string path = Path.Combine(_kit.Folder, "r.json");
        var ex = Assert.Throws<SecureMailOpsException>(() => new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.Json, path), new ReportTarget(ReportFormat.Sarif, path) }, new ReportOptions()));
        Assert.Equal(ReportErrorIds.DuplicatePath, ex.ErrorId);
        Assert.Empty(Directory.GetFiles(_kit.Folder));
    }

    [Fact]
    public void Csv_cells_that_a_spreadsheet_would_run_are_neutralised()
    {
        Assert.Equal("'=HYPERLINK(\"\"http://x\"\")", CsvReportWriter.Cell("=HYPERLINK(\"http://x\")").Trim('"'));
        Assert.Equal("'+1", CsvReportWriter.Cell("+1"));
        Assert.Equal("'-2", CsvReportWriter.Cell("-2"));
        Assert.Equal("'@SUM(A1)", CsvReportWriter.Cell("@SUM(A1)"));
        Assert.Equal("'\tx", CsvReportWriter.Cell("\tx"));
        Assert.Equal("\"'\rx\"", CsvReportWriter.Cell("\rx"));
        Assert.Equal("\"a,b\"", CsvReportWriter.Cell("a,b"));
        Assert.Equal("plain", CsvReportWriter.Cell("plain"));
    }

    [Fact]
    public void Markdown_stays_within_its_limit_and_says_where_it_was_cut()
    {
        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        string path = _kit.PathOf(ReportFormat.Markdown);
        _kit.Export(findings, new[] { ReportFormat.Markdown });
        string text = File.ReadAllText(path);
        Assert.DoesNotContain("**Cut:**", text, StringComparison.Ordinal);
        int failing = findings.Count(f => f.Outcome is FindingOutcome.Fail or FindingOutcome.Error);
        string listed = text.Substring(text.IndexOf("## Failing findings", StringComparison.Ordinal));
        Assert.Equal(failing, listed.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 2);

        int limit = (int)new FileInfo(path).Length - 300;
        _kit.Export(findings, new[] { ReportFormat.Markdown }, new ReportOptions { MarkdownByteLimit = limit });
        Assert.True(new FileInfo(path).Length <= limit, "Markdown is " + new FileInfo(path).Length + " bytes");
        text = File.ReadAllText(path);
        Assert.Contains("**Cut:**", text, StringComparison.Ordinal);
        Assert.Contains("## By practice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_lists_problems_only_by_default_and_passes_when_asked_with_stable_fingerprints()
    {
        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        _kit.Export(findings, new[] { ReportFormat.Sarif }, new ReportOptions { BaseDirectory = RepoRoot });
        using JsonDocument first = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Sarif)));
        JsonElement run = first.RootElement.GetProperty("runs")[0];
        var kinds = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).Distinct().ToList();
        Assert.Equal(new[] { "fail" }, kinds);
        JsonElement located = run.GetProperty("results").EnumerateArray().First();
        JsonElement physical = located.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("examples/inventory.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() > 1);
        Assert.Contains(run.GetProperty("results").EnumerateArray(), r => r.TryGetProperty("suppressions", out _));
        JsonElement rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.All(run.GetProperty("results").EnumerateArray(), r =>
            Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
        var fingerprints = run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("partialFingerprints").GetProperty("securemailopsFinding/v1").GetString()).ToList();

        _kit.Export(ReportTestKit.Evaluate(ReportTestKit.ExampleInventory), new[] { ReportFormat.Sarif }, new ReportOptions { IncludePass = true });
        using JsonDocument second = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Sarif)));
        JsonElement results = second.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(findings.Count, results.GetArrayLength());
        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("kind").GetString() == "pass");
        var again = results.EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "fail").Select(r => r.GetProperty("partialFingerprints").GetProperty("securemailopsFinding/v1").GetString()).ToList();
        Assert.Equal(fingerprints, again);
        Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
    }

    [Fact]
    public void Sarif_is_cut_at_its_limit_with_a_note_in_the_run_and_the_summary()
    {
        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        SecurityReportSummary summary = _kit.Export(findings, new[] { ReportFormat.Sarif, ReportFormat.Html }, new ReportOptions { SarifResultLimit = 3 });
        using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Sarif)));
        JsonElement run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal(3, run.GetProperty("results").GetArrayLength());
        Assert.Contains("left out", run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")[0].GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(summary.Notes, n => n.Contains("SARIF lists the first 3", StringComparison.Ordinal));
        Assert.Contains("SARIF lists the first 3", File.ReadAllText(_kit.PathOf(ReportFormat.Html)), StringComparison.Ordinal);
    }

    [Fact]
    public void IncludePass_lists_every_finding_in_json_and_csv_and_the_json_says_so()
    {
        List<PolicyFinding> findings = ReportTestKit.Evaluate(ReportTestKit.ExampleInventory);
        _kit.Export(findings, new[] { ReportFormat.Json, ReportFormat.Csv }, new ReportOptions { IncludePass = true });

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Json)));
        Assert.True(json.RootElement.GetProperty("listsPasses").GetBoolean());
        JsonElement listed = json.RootElement.GetProperty("findings");
        Assert.Equal(findings.Count, listed.GetArrayLength());
        Assert.Equal(findings.Select(f => f.RuleId + " " + f.TargetName + " " + f.Outcome), listed.EnumerateArray().Select(e => e.GetProperty("ruleId").GetString() + " " + e.GetProperty("target").GetString() + " " + e.GetProperty("outcome").GetString()));
        Assert.Equal(findings.Count + 1, File.ReadAllLines(_kit.PathOf(ReportFormat.Csv)).Length);
    }

    [Fact]
    public void A_problems_only_json_report_is_a_complete_baseline_and_lists_what_was_fixed()
    {
        string before = _kit.Write("before.json", "[{\"kind\":\"Account\",\"id\":\"a\",\"mfa\":{\"enabled\":false}},{\"kind\":\"Account\",\"id\":\"b\",\"mfa\":{\"enabled\":false}}]");
        string baseline = Path.Combine(_kit.Folder, "baseline.json");
        ExportTo(ReportTestKit.Evaluate(before), baseline, new ReportOptions());
        string after = _kit.Write("after.json", "[{\"kind\":\"Account\",\"id\":\"a\",\"mfa\":{\"enabled\":true,\"methods\":[\"totp\"]}},{\"kind\":\"Account\",\"id\":\"b\",\"mfa\":{\"enabled\":false}}]");
        List<PolicyFinding> now = ReportTestKit.Evaluate(after);

        // The same drift as against a baseline that lists every finding.
        string full = Path.Combine(_kit.Folder, "full.json");
        ExportTo(ReportTestKit.Evaluate(before), full, new ReportOptions { IncludePass = true });
        SecurityReportSummary fromProblems = ExportTo(now, Path.Combine(_kit.Folder, "r1.json"), new ReportOptions { BaselinePath = baseline });
        SecurityReportSummary fromFull = ExportTo(now, Path.Combine(_kit.Folder, "r2.json"), new ReportOptions { BaselinePath = full });
        Assert.NotNull(fromProblems.Drift);
        Assert.True(fromProblems.Drift!.Fixed > 0);
        Assert.Equal(new[] { fromFull.Drift!.New, fromFull.Drift.Fixed, fromFull.Drift.StillFailing, fromFull.Drift.Unchanged }, new[] { fromProblems.Drift.New, fromProblems.Drift.Fixed, fromProblems.Drift.StillFailing, fromProblems.Drift.Unchanged });

        // A fixed finding passes now, and is listed all the same, marked Fixed.
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_kit.Folder, "r1.json")));
        JsonElement[] fixedOnes = json.RootElement.GetProperty("findings").EnumerateArray().Where(e => e.TryGetProperty("drift", out JsonElement d) && d.GetString() == "Fixed").ToArray();
        Assert.Equal(fromProblems.Drift.Fixed, fixedOnes.Length);
        Assert.Contains(fixedOnes, e => e.GetProperty("target").GetString() == "a" && e.GetProperty("outcome").GetString() == "Pass");
    }

    [Fact]
    public void Hostile_values_are_encoded_in_every_format()
    {
        const string Hostile = "<script>alert(1)</script>\"'&\u0001\u0007|*[x](http://evil)";
        string inventory = _kit.Write("hostile.json", JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object> { ["kind"] = "Account", ["id"] = Hostile, ["mfa"] = new Dictionary<string, object> { ["enabled"] = Hostile } },
        }));
        List<PolicyFinding> findings = ReportTestKit.Evaluate(inventory);
        _kit.Export(findings, ReportTestKit.AllFormats);

        string html = File.ReadAllText(_kit.PathOf(ReportFormat.Html));
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(html, "<script")); // the two JSON data blocks (tables and rows) and the page's own script
        string markdown = File.ReadAllText(_kit.PathOf(ReportFormat.Markdown));
        Assert.DoesNotContain("<script", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](http", markdown, StringComparison.Ordinal);
        XDocument junit = XDocument.Load(_kit.PathOf(ReportFormat.JUnit));
        Assert.Contains(junit.Descendants("testcase"), t => ((string)t.Attribute("name")!).StartsWith("<script>alert(1)</script>", StringComparison.Ordinal));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(_kit.PathOf(ReportFormat.Json)));
        Assert.Equal(Hostile, json.RootElement.GetProperty("findings")[0].GetProperty("target").GetString());
    }

    private static SecurityReportSummary ExportTo(IEnumerable<PolicyFinding> findings, string path, ReportOptions options)
    {
        using var exporter = new SecurityReportExporter(new[] { new ReportTarget(ReportFormat.Json, path) }, options);
        foreach (PolicyFinding finding in findings)
        {
            exporter.Add(finding);
        }

        return exporter.Complete();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
