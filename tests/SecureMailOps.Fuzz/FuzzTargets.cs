using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Fuzz;

/// <summary>
/// The entry points fuzzed, shared by the CsCheck property tests (xunit, in the suite) and the SharpFuzz
/// harness (afl++, <c>build.ps1 Fuzz</c>): the policy loader, the YAML, JSON, JSON Lines and CSV
/// inventory readers, and the condition compiler. Any input must end in results or in a clear error
/// that says where (file, and line where there is one); anything else escapes as a bug: an unexpected
/// exception type, or an error without its place.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>The most records one input may give; past it, reading stops (inputs are small).</summary>
    public const int MaxRecords = 100_000;

    public static readonly string[] Names = { "policy-yaml", "inventory-yaml", "inventory-json", "inventory-jsonl", "inventory-csv", "condition" };

    private static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Records =
    {
        """{"id": "a", "a": 1, "b": "x", "c": [1, "x", true], "d": {"e": "2026-01-01"}, "m": "aaaa!", "t": true}""",
        """{"id": "b", "a": "1.0", "b": null, "c": [], "d": "text", "m": ["x"], "t": "yes"}""",
        """{"id": "c"}""",
    };

    /// <summary>Runs one target on one input.</summary>
    /// <param name="target">One of <see cref="Names"/>.</param>
    /// <param name="data">The input.</param>
    /// <param name="scratch">A folder for the files the readers open.</param>
    /// <returns>The records, policies or findings the input gave (0 when it was refused with a clear error).</returns>
    public static int Run(string target, byte[] data, string scratch)
    {
        switch (target)
        {
            case "policy-yaml":
                return LoadPolicy(Encoding.UTF8.GetString(data));
            case "inventory-yaml":
                return ReadInventory(data, ".yaml", scratch);
            case "inventory-json":
                return ReadInventory(data, ".json", scratch);
            case "inventory-jsonl":
                return ReadInventory(data, ".jsonl", scratch);
            case "inventory-csv":
                return ReadInventory(data, ".csv", scratch);
            case "condition":
                return EvaluateCondition(Encoding.UTF8.GetString(data));
            default:
                throw new ArgumentException("unknown fuzz target '" + target + "'; use " + string.Join(", ", Names), nameof(target));
        }
    }

    /// <summary>A policy with one rule whose condition is the given YAML flow text.</summary>
    public static string PolicyWithCondition(string condition) =>
        "apiVersion: securemailops/v1\nkind: SecurityPolicy\nmetadata:\n  name: fuzz\nspec:\n  parameters:\n    p: { type: number, default: 1 }\n    l: { type: list, default: [x, 1] }\n    s: { type: string, default: '^a' }\n"
        + "  rules:\n    - id: F-1\n      title: fuzz\n      severity: high\n      practice: 2\n      target: Account\n      condition: " + condition.Replace("\n", " ").Replace("\r", " ") + "\n      remediation: none\n";

    private static int LoadPolicy(string yaml)
    {
        try
        {
            return PolicyLoader.LoadText(yaml, "fuzz.yaml").Count;
        }
        catch (PolicyLoadException ex)
        {
            CheckLoadErrors(ex, "fuzz.yaml");
            return 0;
        }
    }

    private static int ReadInventory(byte[] data, string extension, string scratch)
    {
        string path = Path.Combine(scratch, "fuzz-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, data);
        try
        {
            var errors = new List<SecureMailOpsException>();
            int count = 0;
            try
            {
                using InventoryReader reader = InventoryReader.Open(path, TargetKind.Account);
                foreach (InventoryRecord record in reader.ReadRecords(errors.Add))
                {
                    if (record.Fields is null || record.Id is null)
                    {
                        throw new InvalidOperationException("a record without fields or id");
                    }

                    if (++count >= MaxRecords)
                    {
                        break;
                    }
                }
            }
            catch (PolicyLoadException ex)
            {
                CheckLoadErrors(ex, Path.GetFileName(path));
            }
            catch (SecureMailOpsException ex)
            {
                errors.Add(ex);
            }

            foreach (SecureMailOpsException error in errors)
            {
                if (error is PolicyLoadException load)
                {
                    CheckLoadErrors(load, Path.GetFileName(path));
                }
                else if (error.Message.IndexOf(Path.GetFileName(path), StringComparison.Ordinal) < 0)
                {
                    throw new InvalidOperationException("an inventory error does not name the file: " + error.Message);
                }
            }

            return count;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int EvaluateCondition(string condition)
    {
        IReadOnlyList<SecurityPolicy> policies;
        try
        {
            policies = PolicyLoader.LoadText(PolicyWithCondition(condition), "fuzz.yaml");
        }
        catch (PolicyLoadException ex)
        {
            CheckLoadErrors(ex, "fuzz.yaml");
            return 0;
        }

        PolicyEvaluator evaluator = PolicyEvaluator.Compile(policies.ToList(), null, null, AsOf);
        var findings = new List<PolicyFinding>();
        foreach (string json in Records)
        {
            var fields = new RecordMap();
            using (var document = System.Text.Json.JsonDocument.Parse(json))
            {
                foreach (System.Text.Json.JsonProperty property in document.RootElement.EnumerateObject())
                {
                    fields[property.Name] = ToValue(property.Value);
                }
            }

            evaluator.Evaluate(InventoryRecord.FromFields(fields, TargetKind.Account, "fuzz"), findings);
        }

        foreach (PolicyFinding finding in findings)
        {
            if (string.IsNullOrEmpty(finding.Reason) && finding.Outcome != FindingOutcome.Pass)
            {
                throw new InvalidOperationException("a finding without a reason: " + finding.Outcome);
            }
        }

        return findings.Count;
    }

    private static object? ToValue(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => element.GetString(),
        System.Text.Json.JsonValueKind.Number => element.GetDouble(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Array => new RecordList(element.EnumerateArray().Select(ToValue)),
        System.Text.Json.JsonValueKind.Object => ToMap(element),
        _ => null,
    };

    private static RecordMap ToMap(System.Text.Json.JsonElement element)
    {
        var map = new RecordMap();
        foreach (System.Text.Json.JsonProperty property in element.EnumerateObject())
        {
            map[property.Name] = ToValue(property.Value);
        }

        return map;
    }

    private static void CheckLoadErrors(PolicyLoadException ex, string file)
    {
        if (ex.Errors.Count == 0)
        {
            throw new InvalidOperationException("a load error without errors");
        }

        foreach (PolicyLoadError error in ex.Errors)
        {
            bool placed = error.File is not null && error.File.EndsWith(file, StringComparison.Ordinal)
                && (error.Line >= 1 || error.ErrorId == PolicyErrorIds.FileLimit || error.ErrorId == PolicyErrorIds.ReadFailed);
            if (!placed || string.IsNullOrEmpty(error.Detail))
            {
                throw new InvalidOperationException("a load error without its place or detail: " + error.Message);
            }
        }
    }
}
