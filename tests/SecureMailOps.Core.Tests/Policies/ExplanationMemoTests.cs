using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using SecureMailOps.Core.Policies;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// Reasons are kept by the object they were built from (ExplanationMemo): whatever the order of values, more of
/// them than the memo keeps, several threads, or a list changed between two findings, every reason must say
/// what a fresh evaluation of that record alone says.
/// </summary>
public sealed class ExplanationMemoTests
{
    private const string Policy = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata: { name: memo }
        spec:
          rules:
            - id: MEMO-1
              practice: 2
              remediation: fix it
              title: MFA on
              severity: high
              target: Account
              condition: { field: mfa.enabled, equals: true }
            - id: MEMO-2
              practice: 2
              remediation: fix it
              title: long password
              severity: high
              target: Account
              when: { field: mfa.enabled, equals: true }
              condition: { not: { field: password.length, less: 12 } }
            - id: MEMO-3
              practice: 2
              remediation: fix it
              title: methods
              severity: high
              target: Account
              condition: { anyOf: [ { field: mfa.methods, contains: fido2 }, { field: type, equals: admin } ] }
        """;

    private static readonly object?[] EnabledValues = { false, "no", true, 0L, "maybe", null, true, "off", 2.5, "nein", false, true };

    [Fact]
    public void Reasons_match_a_fresh_evaluation_of_each_record_however_values_alternate()
    {
        // Twelve values cycle through the four slots; a fresh evaluator per record has an empty memo.
        List<RecordMap> records = Records(400);
        var evaluator = Compile();
        var shared = records.SelectMany(r => Reasons(evaluator, r)).ToList();
        var fresh = records.SelectMany(r => Reasons(Compile(), r)).ToList();
        Assert.Equal(fresh, shared);
        Assert.Contains(shared, r => r.Contains("'mfa.enabled' is 'maybe'", StringComparison.Ordinal));
        Assert.Contains(shared, r => r.Contains("not applicable: 'mfa.enabled' is false", StringComparison.Ordinal));
        Assert.Contains(shared, r => r.Contains("not ('password.length' is 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Reasons_built_on_several_threads_at_once_match_a_fresh_evaluation()
    {
        List<RecordMap> records = Records(2000);
        var evaluator = Compile();
        var expected = records.Select(r => string.Join("|", Reasons(Compile(), r))).ToArray();
        var actual = new string[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = string.Join("|", Reasons(evaluator, records[i])));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_list_value_is_explained_as_it_is_now_not_as_it_was()
    {
        var evaluator = Compile();
        var methods = new RecordList { "sms" };
        var record = Record(1, true, 20L, methods);
        Assert.Contains("['sms']", Reasons(evaluator, record).Single(r => r.StartsWith("MEMO-3", StringComparison.Ordinal)), StringComparison.Ordinal);
        methods.Add("email");
        Assert.Contains("['sms', 'email']", Reasons(evaluator, record).Single(r => r.StartsWith("MEMO-3", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    // Boxed once, as the reader shares them, so the memo is hit as well as missed.
    private static readonly object[] Lengths = Enumerable.Range(3, 13).Select(n => (object)(long)n).ToArray();

    private static PolicyEvaluator Compile() => PolicyEvaluator.Compile(PolicyLoader.LoadText(Policy, "memo.yaml").ToList(), null, null, PolicyTestKit.AsOf);

    private static List<RecordMap> Records(int count) =>
        Enumerable.Range(0, count).Select(i => Record(i, EnabledValues[(i / 2) % EnabledValues.Length], Lengths[i % Lengths.Length], new RecordList { i % 5 == 0 ? "fido2" : "sms" })).ToList();

    private static RecordMap Record(int i, object? enabled, object length, RecordList methods) => new()
    {
        ["kind"] = "Account",
        ["id"] = "user" + i + "@example.com",
        ["type"] = i % 7 == 0 ? "admin" : "user",
        ["mfa"] = new RecordMap { ["enabled"] = enabled, ["methods"] = methods },
        ["password"] = new RecordMap { ["length"] = length },
    };

    private static List<string> Reasons(PolicyEvaluator evaluator, RecordMap fields)
    {
        InventoryRecord record = InventoryRecord.FromFields(fields, TargetKind.Account, "memo.jsonl:1", null);
        var findings = new List<PolicyFinding>();
        evaluator.Evaluate(record, findings);
        return findings.Where(f => f.Outcome != FindingOutcome.Pass).Select(f => f.RuleId + " " + f.Outcome + " " + f.Reason).ToList();
    }
}
