using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>Builds one-rule policies and records from short text, and finds the repository's shipped files.</summary>
internal static class PolicyTestKit
{
    public static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "SecureMailOps.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    public static string Policy(string condition, string? when = null, string parameters = "", string target = "Account", string waivers = "") => $$"""
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: test
        spec:
          parameters:
            {{parameters}}
          rules:
            - id: T-1
              title: test rule
              severity: high
              practice: 2
              target: {{target}}
              {{(when is null ? string.Empty : "when: " + when)}}
              condition: {{condition}}
              remediation: fix it
          {{waivers}}
        """;

    public static RecordMap Fields(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return (RecordMap)JsonRecordConverter.Convert(document.RootElement, "test")!;
    }

    public static InventoryRecord Record(string json, TargetKind kind = TargetKind.Account) =>
        InventoryRecord.FromFields(Fields(json), kind, "test");

    public static List<PolicyFinding> Evaluate(string policyYaml, string recordJson, IDictionary<string, object?>? parameters = null, DateTimeOffset? asOf = null, TargetKind kind = TargetKind.Account)
    {
        IReadOnlyList<SecurityPolicy> policies = PolicyLoader.LoadText(policyYaml, "test.yaml");
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(policies.ToList(), parameters, null, asOf ?? AsOf);
        var findings = new List<PolicyFinding>();
        evaluator.Evaluate(Record(recordJson, kind), findings);
        return findings;
    }

    public static PolicyFinding One(string condition, string recordJson, string? when = null, string parameters = "") =>
        Evaluate(Policy(condition, when, parameters), recordJson).Single();

    /// <summary>A record's field by dotted path (every part a mapping).</summary>
    public static object? FieldAt(InventoryRecord record, string path)
    {
        object? current = record.Fields;
        foreach (string part in path.Split('.'))
        {
            current = ((RecordMap)current!)[part];
        }

        return current;
    }

    public static PolicyLoadException LoadError(string yaml) =>
        Xunit.Assert.Throws<PolicyLoadException>(() => PolicyLoader.LoadText(yaml, "bad.yaml"));
}
