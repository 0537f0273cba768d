using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SecureMailOps.Core.Policies.Yaml;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>The shipped policies, waivers and example inventory validate against the shipped JSON Schemas (JsonSchema.Net).</summary>
public class SchemaTests
{
    private static readonly string SchemaDir = Path.Combine(RepoRoot, "policies", "schema");
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    private static Dictionary<string, JsonSchema> LoadSchemas()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var result = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (string name in new[] { "account", "device", "connection", "policy", "inventory" })
        {
            string path = Path.Combine(SchemaDir, name + ".schema.json");
            result[name] = JsonSchema.FromText(File.ReadAllText(path), options, new Uri(new Uri(SchemaDir + "/"), name + ".schema.json"));
        }

        return result;
    }

    private static JsonNode? ToJson(SafeNode node) => node switch
    {
        SafeMapping m => new JsonObject(m.Entries.Select(e => new KeyValuePair<string, JsonNode?>(e.Key.Value, ToJson(e.Value)))),
        SafeSequence s => new JsonArray(s.Items.Select(ToJson).ToArray()),
        _ => ScalarTyping.Resolve((SafeScalar)node) switch
        {
            null => null,
            bool b => JsonValue.Create(b),
            long l => JsonValue.Create(l),
            double d => JsonValue.Create(d),
            object o => JsonValue.Create((string)o),
        },
    };

    private static IEnumerable<JsonNode?> YamlDocuments(string path) =>
        SafeYamlReader.ReadFile(path, SafeYamlLimits.Policy).Where(d => d is not null).Select(d => ToJson(d!));

    private static string Validate(string schema, JsonNode? instance)
    {
        using JsonDocument document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        EvaluationResults results = Schemas.Value[schema].Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? string.Empty
            : string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value)));
    }

    public static TheoryData<string> PolicyFiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepoRoot, "policies"), "*.yaml").Concat(new[] { Path.Combine(RepoRoot, "examples", "waivers.yaml") }))
        {
            data.Add(Path.GetRelativePath(RepoRoot, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void Shipped_policy_files_validate_against_the_policy_schema(string file)
    {
        List<JsonNode?> documents = YamlDocuments(Path.Combine(RepoRoot, file)).ToList();
        Assert.NotEmpty(documents);
        foreach (JsonNode? document in documents)
        {
            string problems = Validate("policy", document);
            Assert.True(problems.Length == 0, file + ": " + problems);
        }
    }

    [Fact]
    public void The_example_inventory_validates_against_the_inventory_schema_and_each_record_against_its_kind()
    {
        JsonNode? inventory = YamlDocuments(Path.Combine(RepoRoot, "examples", "inventory.yaml")).Single();
        string problems = Validate("inventory", inventory);
        Assert.True(problems.Length == 0, problems);
        foreach ((string group, string schema) in new[] { ("accounts", "account"), ("devices", "device"), ("connections", "connection") })
        {
            JsonArray records = inventory![group]!.AsArray();
            Assert.NotEmpty(records);
            foreach (JsonNode? record in records)
            {
                string recordProblems = Validate(schema, record);
                Assert.True(recordProblems.Length == 0, record!["id"] + ": " + recordProblems);
            }
        }
    }

    [Fact]
    public void The_policy_schema_rejects_what_the_loader_rejects()
    {
        JsonNode document = YamlDocuments(Path.Combine(RepoRoot, "policies", "baseline-devices.yaml")).Single()!;
        Assert.Empty(Validate("policy", document));

        JsonNode misspelled = document.DeepClone();
        JsonObject rule = misspelled["spec"]!["rules"]![0]!.AsObject();
        rule["severty"] = rule["severity"]!.DeepClone();
        rule.Remove("severity");
        Assert.NotEmpty(Validate("policy", misspelled));

        JsonNode badOperator = document.DeepClone();
        badOperator["spec"]!["rules"]![0]!["condition"] = JsonNode.Parse("""{"field": "screenLock", "equal": true}""");
        Assert.NotEmpty(Validate("policy", badOperator));

        JsonNode badDuration = document.DeepClone();
        badDuration["spec"]!["parameters"]!["maxPatchAge"]!["default"] = "30 days";
        Assert.NotEmpty(Validate("policy", badDuration));
    }

    [Fact]
    public void The_account_schema_rejects_an_unknown_mfa_method_and_a_non_date()
    {
        Assert.Empty(Validate("account", JsonNode.Parse("""{"id": "a", "mfa": {"methods": ["totp"]}, "password": {"lastChanged": "2026-01-01"}}""")));
        Assert.NotEmpty(Validate("account", JsonNode.Parse("""{"id": "a", "mfa": {"methods": ["carrier-pigeon"]}}""")));
        Assert.NotEmpty(Validate("account", JsonNode.Parse("""{"id": "a", "password": {"lastChanged": "yesterday"}}""")));
        Assert.NotEmpty(Validate("device", JsonNode.Parse("""{"id": "kiosk", "screenLock": "after 15 minutes"}""")));
        Assert.Empty(Validate("device", JsonNode.Parse("""{"id": "kiosk", "screenLock": "TRUE"}""")));
    }
}
