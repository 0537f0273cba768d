using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Evaluation;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// The hostile inputs of issue 15, each as it was reported: they must end in a clear error (with file,
/// line and column) or in results, never in gigabytes or hours.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The reported 403-byte inventory: seven levels of ten aliases, about 12 million nodes, under the
    /// old 50 million per-document limit (it took 1.0 GB and 8.4 s).
    /// </summary>
    internal static string AliasBombDocument()
    {
        var yaml = new StringBuilder("id: bomb1@example.com\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 6; i++)
        {
            string previous = i == 1 ? "*a" : "*b" + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            yaml.Append('b').Append(i).Append(": &b").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat(previous, 10))).Append("]\n");
        }

        return yaml.ToString();
    }

    private List<InventoryRecord> ReadAll(string name, string content, List<SecureMailOpsException>? errors = null)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        using InventoryReader reader = InventoryReader.Open(path, TargetKind.Account);
        return reader.ReadRecords((errors ?? new List<SecureMailOpsException>()).Add).ToList();
    }

    [Fact]
    public void The_403_byte_alias_bomb_inventory_is_refused_with_its_place()
    {
        string bomb = AliasBombDocument();
        Assert.Equal(403, Encoding.UTF8.GetByteCount(bomb));
        PolicyLoadException ex = Assert.Throws<PolicyLoadException>(() => ReadAll("bomb.yaml", bomb));
        PolicyLoadError error = Assert.Single(ex.Errors);
        Assert.Equal(PolicyErrorIds.AliasLimit, error.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
        Assert.EndsWith("bomb.yaml", error.File, StringComparison.Ordinal);
        Assert.InRange(error.Line, 4, 9);
        Assert.True(error.Column > 1);
        Assert.Contains("all its documents together", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_alias_bomb_documents_in_one_file_are_refused()
    {
        string three = string.Join("---\n", Enumerable.Repeat(AliasBombDocument(), 3));
        PolicyLoadException ex = Assert.Throws<PolicyLoadException>(() => ReadAll("three.yaml", three));
        Assert.Equal(PolicyErrorIds.AliasLimit, Assert.Single(ex.Errors).ErrorId);
    }

    [Fact]
    public void The_alias_budget_is_one_per_file_not_one_per_document()
    {
        // Each document alone stands for about 5,600 nodes, within the budget of a file its size; three
        // together do not. A budget reset at every '---' let each document start a new bomb.
        string document = "kind: Account\nid: d@example.com\na: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\n"
            + "b: &b [" + string.Join(", ", Enumerable.Repeat("*a", 60)) + "]\n"
            + "c: [" + string.Join(", ", Enumerable.Repeat("*b", 3)) + "]\n";
        Assert.Single(ReadAll("one.yaml", document));
        PolicyLoadException ex = Assert.Throws<PolicyLoadException>(() => ReadAll("three-small.yaml", string.Join("---\n", Enumerable.Repeat(document, 3))));
        PolicyLoadError error = Assert.Single(ex.Errors);
        Assert.Equal(PolicyErrorIds.AliasLimit, error.ErrorId);
        Assert.True(error.Line > 5, "the error is in a later document");
    }

    [Fact]
    public void Records_that_share_an_anchor_share_its_value_instead_of_copying_it()
    {
        var yaml = new StringBuilder("defaults: &defaults\n  mfa: { enabled: true, methods: [totp, fido2] }\n  training: { completed: 2026-01-01 }\nrecords:\n");
        for (int i = 0; i < 1000; i++)
        {
            yaml.Append("  - { id: u").Append(i).Append("@example.com, settings: *defaults }\n");
        }

        List<InventoryRecord> records = ReadAll("shared.yaml", yaml.ToString());
        Assert.Equal(1000, records.Count);
        Assert.Same(records[0].Fields["settings"], records[999].Fields["settings"]);
        Assert.Equal(true, ((RecordMap)((RecordMap)records[500].Fields["settings"]!)["mfa"]!)["enabled"]);
    }

    [Fact]
    public void A_record_that_is_an_alias_gets_its_own_top_level_map()
    {
        List<InventoryRecord> records = ReadAll("alias-record.yaml", "records:\n  - &r { id: a@example.com, mfa: { enabled: true } }\n  - *r\n");
        Assert.Equal(2, records.Count);
        Assert.NotSame(records[0].Fields, records[1].Fields);
        Assert.Same(records[0].Fields["mfa"], records[1].Fields["mfa"]);
    }

    [Fact]
    public void The_catastrophic_regex_over_40_records_gives_results_not_timeouts()
    {
        // Reported: ^([a-z0-9]+)+@example\.com$ against 40 such records took 10.2 s, each match timing
        // out into an Error. With linear-time matching every record is simply a Fail.
        Assert.True(RegexFactory.RuntimeHasNonBacktracking);
        IReadOnlyList<SecurityPolicy> policies = PolicyLoader.LoadText(PolicyTestKit.Policy("{ field: email, match: '^([a-z0-9]+)+@example\\.com$' }"), "regex.yaml");
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(policies.ToList(), null, null, PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        for (int i = 0; i < 40; i++)
        {
            string hostile = new string('a', 30 + i) + "!@example.com";
            evaluator.Evaluate(PolicyTestKit.Record("{\"id\": \"u" + i + "\", \"email\": \"" + hostile + "\"}"), findings);
        }

        evaluator.Evaluate(PolicyTestKit.Record("{\"id\": \"ok\", \"email\": \"alice1@example.com\"}"), findings);
        Assert.Equal(41, findings.Count);
        Assert.All(findings.Take(40), f => Assert.Equal(FindingOutcome.Fail, f.Outcome));
        Assert.Equal(FindingOutcome.Pass, findings[40].Outcome);
    }

    [Theory]
    [InlineData("'^(a)\\1$'", "backreference")]
    [InlineData("'^(?=admin).*$'", "lookahead")]
    [InlineData("'(?<!x)y'", "lookbehind")]
    [InlineData("'(?>a+)b'", "atomic")]
    public void Constructs_linear_matching_cannot_run_are_refused_at_load_with_the_reason(string pattern, string construct)
    {
        PolicyLoadException ex = PolicyTestKit.LoadError(PolicyTestKit.Policy("{ field: email, match: " + pattern + " }"));
        PolicyLoadError error = Assert.Single(ex.Errors);
        Assert.Equal(PolicyErrorIds.InvalidValue, error.ErrorId);
        Assert.Equal(15, error.Line);
        Assert.Contains("linear-time matching cannot run", error.Detail, StringComparison.Ordinal);
        Assert.Contains(construct, error.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_parameter_pattern_linear_matching_cannot_run_is_refused_when_the_policy_compiles()
    {
        string policy = PolicyTestKit.Policy("{ field: email, match: { param: pattern } }", parameters: "pattern: { type: string, default: '^a' }");
        IReadOnlyList<SecurityPolicy> policies = PolicyLoader.LoadText(policy, "p.yaml");
        var ex = Assert.Throws<SecureMailOpsException>(() => PolicyEvaluator.Compile(policies.ToList(), new Dictionary<string, object?> { ["pattern"] = "(a)\\1" }, null, PolicyTestKit.AsOf));
        Assert.Equal(PolicyErrorIds.ParameterInvalid, ex.ErrorId);
        Assert.Contains("linear-time matching cannot run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_linear_matching_a_condition_stops_matching_once_its_budget_is_spent()
    {
        // The Windows PowerShell 5.1 path: a backtracking regex. Each hostile match times out (250 ms);
        // once a condition has spent its budget (1 s) the rest are refused without running.
        Assert.True(RegexFactory.TryCreate("^([a-z0-9]+)+@example\\.com$", nonBacktracking: false, out Regex? regex, out _));
        var budget = new MatchBudget(RegexFactory.ConditionBudget);
        string hostile = new string('a', 40) + "!@example.com";
        var results = new List<bool?>();
        for (int i = 0; i < 40; i++)
        {
            results.Add(budget.IsMatch(regex!, hostile));
        }

        Assert.All(results, r => Assert.Null(r));
        Assert.True(budget.IsSpent);
        Assert.Null(budget.IsMatch(regex!, "alice@example.com"));
        Assert.True(new MatchBudget(RegexFactory.ConditionBudget).IsMatch(regex!, "alice@example.com"));
    }
}
