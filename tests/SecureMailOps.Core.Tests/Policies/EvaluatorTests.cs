using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Policies;

public class EvaluatorTests
{
    private const string Waivers = """
          waivers:
            - rule: T-1
              target: svc-*
              reason: service accounts use certificates
              expires: 2026-07-01
        """;

    private static readonly string WaivedPolicy = Policy("{ field: mfa.enabled, equals: true }", waivers: Waivers.Trim());

    private static List<PolicyFinding> Run(string policy, string record, DateTimeOffset asOf, out IReadOnlyList<string> warnings, IEnumerable<PolicyWaiver>? extra = null)
    {
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(policy, "p.yaml").ToList(), null, extra, asOf);
        var findings = new List<PolicyFinding>();
        evaluator.Evaluate(Record(record), findings);
        warnings = evaluator.TakeWarnings();
        return findings;
    }

    [Fact]
    public void A_failure_is_waived_before_expiry()
    {
        PolicyFinding finding = Run(WaivedPolicy, """{"id": "svc-backup", "mfa": {"enabled": false}}""", new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), out var warnings).Single();
        Assert.Equal(FindingOutcome.Waived, finding.Outcome);
        Assert.Contains("waived until 2026-07-01: service accounts use certificates", finding.Reason, StringComparison.Ordinal);
        Assert.NotNull(finding.Waiver);
        Assert.Empty(warnings);
    }

    [Fact]
    public void After_expiry_it_is_a_failure_again_with_a_warning()
    {
        PolicyFinding finding = Run(WaivedPolicy, """{"id": "svc-backup", "mfa": {"enabled": false}}""", new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), out var warnings).Single();
        Assert.Equal(FindingOutcome.Fail, finding.Outcome);
        Assert.Contains("the waiver expired on 2026-07-01", finding.Reason, StringComparison.Ordinal);
        string warning = Assert.Single(warnings);
        Assert.Contains("T-1", warning, StringComparison.Ordinal);
        Assert.Contains("svc-backup", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_waiver_matches_only_its_targets_and_never_turns_a_pass_or_error_into_waived()
    {
        DateTimeOffset before = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(FindingOutcome.Fail, Run(WaivedPolicy, """{"id": "alice", "mfa": {"enabled": false}}""", before, out _).Single().Outcome);
        Assert.Equal(FindingOutcome.Pass, Run(WaivedPolicy, """{"id": "svc-x", "mfa": {"enabled": true}}""", before, out _).Single().Outcome);
        Assert.Equal(FindingOutcome.Error, Run(WaivedPolicy, """{"id": "svc-x", "mfa": {"enabled": 3}}""", before, out _).Single().Outcome);
        Assert.Equal(FindingOutcome.Waived, Run(WaivedPolicy, """{"id": "SVC-UPPER", "mfa": {"enabled": false}}""", before, out _).Single().Outcome);
    }

    [Fact]
    public void Waivers_from_a_separate_file_apply_and_unknown_rules_are_warned_about()
    {
        const string waiverFile = """
            apiVersion: securemailops/v1
            kind: SecurityWaivers
            metadata: { name: w }
            spec:
              waivers:
                - { rule: T-1, target: alice, reason: migrating, expires: 2027-01-01 }
                - { rule: NOPE-1, target: '*', reason: typo, expires: 2027-01-01 }
            """;
        var waivers = PolicyLoader.LoadText(waiverFile, "w.yaml").SelectMany(p => p.Waivers).ToList();
        var findings = Run(Policy("{ field: mfa.enabled, equals: true }"), """{"id": "alice", "mfa": {"enabled": false}}""", AsOf, out var warnings, waivers);
        Assert.Equal(FindingOutcome.Waived, findings.Single().Outcome);
        Assert.Contains(warnings, w => w.Contains("NOPE-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameters_have_defaults_and_can_be_overridden()
    {
        string policy = Policy("{ field: password.length, greaterOrEquals: { param: minLength } }", parameters: "minLength: { type: number, default: 12 }");
        const string record = """{"password": {"length": 10}}""";
        Assert.Equal(FindingOutcome.Fail, Evaluate(policy, record).Single().Outcome);
        Assert.Equal(FindingOutcome.Pass, Evaluate(policy, record, new Dictionary<string, object?> { ["minLength"] = 8 }).Single().Outcome);
        Assert.Equal(FindingOutcome.Pass, Evaluate(policy, record, new Dictionary<string, object?> { ["MINLENGTH"] = "10" }).Single().Outcome);
        Assert.Contains("(parameter minLength)", Evaluate(policy, record).Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Duration_list_boolean_and_date_parameters_can_be_overridden()
    {
        string policy = Policy(
            "{ allOf: [ { field: d, withinLast: { param: age } }, { field: t, in: { param: types } }, { field: f, equals: { param: flag } }, { field: s, greater: { param: since } } ] }",
            parameters: "age: { type: duration, default: 30d }\n    types: { type: list, default: [a] }\n    flag: { type: boolean, default: true }\n    since: { type: date, default: 2026-01-01 }");
        const string record = """{"d": "2026-03-01", "t": "b", "f": false, "s": "2025-06-01"}""";
        Assert.Equal(FindingOutcome.Fail, Evaluate(policy, record).Single().Outcome);
        var overrides = new Dictionary<string, object?> { ["age"] = "100d", ["types"] = new object[] { "a", "b" }, ["flag"] = false, ["since"] = new DateTime(2025, 1, 1) };
        Assert.Equal(FindingOutcome.Pass, Evaluate(policy, record, overrides).Single().Outcome);
        overrides["age"] = TimeSpan.FromDays(100);
        Assert.Equal(FindingOutcome.Pass, Evaluate(policy, record, overrides).Single().Outcome);
        overrides["age"] = 100;
        Assert.Equal(FindingOutcome.Pass, Evaluate(policy, record, overrides).Single().Outcome);
    }

    [Fact]
    public void Unknown_parameter_override_is_an_error_with_a_suggestion()
    {
        string policy = Policy("{ field: n, greater: { param: minLength } }", parameters: "minLength: { type: number, default: 12 }");
        var ex = Assert.Throws<SecureMailOpsException>(() => Evaluate(policy, "{}", new Dictionary<string, object?> { ["minLenght"] = 3 }));
        Assert.Equal(PolicyErrorIds.ParameterUnknown, ex.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.Contains("did you mean 'minLength'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_override_of_the_wrong_type_is_an_error()
    {
        string policy = Policy("{ field: n, greater: { param: minLength } }", parameters: "minLength: { type: number, default: 12 }");
        var ex = Assert.Throws<SecureMailOpsException>(() => Evaluate(policy, "{}", new Dictionary<string, object?> { ["minLength"] = "twelve" }));
        Assert.Equal(PolicyErrorIds.ParameterInvalid, ex.ErrorId);
    }

    [Fact]
    public void One_finding_per_rule_and_record_of_its_kind_only()
    {
        const string policy = """
            apiVersion: securemailops/v1
            kind: SecurityPolicy
            metadata: { name: two }
            spec:
              rules:
                - { id: A-1, title: a, severity: low, practice: 2, target: Account, condition: { field: x, exists: true }, remediation: r }
                - { id: A-2, title: b, severity: low, practice: 2, target: Account, condition: { field: y, exists: true }, remediation: r }
                - { id: D-1, title: c, severity: low, practice: 7, target: Device, condition: { field: z, exists: true }, remediation: r }
            """;
        var evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(policy, "p.yaml").ToList(), null, null, AsOf);
        var findings = new List<PolicyFinding>();
        evaluator.Evaluate(Record("""{"id": "acc", "x": 1}"""), findings);
        evaluator.Evaluate(Record("""{"id": "dev"}""", TargetKind.Device), findings);
        Assert.Equal(new[] { "A-1 acc Pass", "A-2 acc Fail", "D-1 dev Fail" }, findings.Select(f => $"{f.RuleId} {f.TargetName} {f.Outcome}"));
        PolicyFinding first = findings[0];
        Assert.Equal("p.yaml", first.RulePath);
        Assert.Equal(6, first.RuleLine);
        Assert.Equal(TargetKind.Account, first.TargetKind);
        Assert.Equal(new[] { 2 }, first.Practices);
        Assert.Equal("r", first.Remediation);
    }

    [Fact]
    public void Duplicate_rule_ids_across_policies_stop_compilation()
    {
        var a = PolicyLoader.LoadText(Policy("{ field: x, exists: true }"), "a.yaml");
        var b = PolicyLoader.LoadText(Policy("{ field: y, exists: true }"), "b.yaml");
        var ex = Assert.Throws<PolicyLoadException>(() => PolicyEvaluator.Compile(a.Concat(b).ToList(), null, null, AsOf));
        Assert.Equal(PolicyErrorIds.DuplicateRuleId, ex.ErrorId);
    }

    [Fact]
    public void Records_take_kind_and_id_from_their_fields()
    {
        InventoryRecord record = InventoryRecord.FromFields(Fields("""{"kind": "device", "name": "laptop-1"}"""), null, "src");
        Assert.Equal(TargetKind.Device, record.Kind);
        Assert.Equal("laptop-1", record.Id);
        Assert.Equal("alice@example.com", InventoryRecord.FromFields(Fields("""{"email": "alice@example.com"}"""), TargetKind.Account, "src").Id);
        Assert.Equal("src", InventoryRecord.FromFields(Fields("{}"), TargetKind.Account, "src").Id);
        var ex = Assert.Throws<SecureMailOpsException>(() => InventoryRecord.FromFields(Fields("""{"id": "x"}"""), null, "src"));
        Assert.Equal(PolicyErrorIds.InventoryKind, ex.ErrorId);
        var wrong = Assert.Throws<SecureMailOpsException>(() => InventoryRecord.FromFields(Fields("""{"kind": "Acount"}"""), null, "src"));
        Assert.Contains("did you mean 'Account'?", wrong.Message, StringComparison.Ordinal);
    }
}
