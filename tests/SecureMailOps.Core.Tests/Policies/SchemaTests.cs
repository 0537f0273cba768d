using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Conditions;
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

    private const string ParityBase = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: parity
        spec:
          parameters:
            maxAge: { type: duration, default: 90d }
            minLength: { type: number, default: 12 }
            allowed: { type: list, default: [totp, fido2] }
          rules:
            - id: P-1
              title: parity rule
              severity: high
              practice: [2, 3]
              target: Account
              condition: { field: mfa.enabled, equals: true }
              remediation: turn it on
        """;

    /// <summary>Documents fed to both the loader and the schema; the name says what the change is.</summary>
    public static TheoryData<string, string> ParityDocuments()
    {
        var data = new TheoryData<string, string>();
        void Add(string name, string from, string to) => data.Add(name, ParityBase.Replace(from, to, StringComparison.Ordinal));
        Add("unchanged", "x", "x");
        Add("misspelled severity key", "severity: high", "severty: high");
        Add("unknown severity", "severity: high", "severity: urgent");
        Add("unknown target", "target: Account", "target: Printer");
        Add("each target", "target: Account", "target: Connection");
        Add("unknown operator", "equals: true", "equal: true");
        Add("two operators", "equals: true", "equals: true, exists: true");
        Add("no operator", "{ field: mfa.enabled, equals: true }", "{ field: mfa.enabled }");
        Add("field and param", "{ field: mfa.enabled, equals: true }", "{ field: mfa.enabled, param: minLength, equals: true }");
        Add("bad duration default", "default: 90d", "default: 90 days");
        Add("bad parameter type", "type: number", "type: integer");
        Add("number parameter as text", "default: 12", "default: twelve");
        Add("missing remediation", "              remediation: turn it on\n", string.Empty);
        Add("missing condition", "              condition: { field: mfa.enabled, equals: true }\n", string.Empty);
        Add("practice out of range", "practice: [2, 3]", "practice: [2, 18]");
        Add("unknown document key", "kind: SecurityPolicy", "kind: SecurityPolicy\nextra: 1");
        Add("unknown kind", "kind: SecurityPolicy", "kind: SecurityPolicies");
        Add("wrong apiVersion", "securemailops/v1", "securemailops/v2");
        Add("count with a comparison", "{ field: mfa.enabled, equals: true }", "{ field: mfa.methods, count: { greater: 0 } }");
        Add("count with a non-comparison", "{ field: mfa.enabled, equals: true }", "{ field: mfa.methods, count: { in: [1] } }");
        Add("count of text", "{ field: mfa.enabled, equals: true }", "{ field: mfa.methods, count: { greater: many } }");
        Add("in with a list", "equals: true", "in: [totp, sms]");
        Add("in with a scalar", "equals: true", "in: totp");
        Add("in with a list parameter", "equals: true", "notIn: { param: allowed }");
        Add("exists with text", "equals: true", "exists: maybe");
        Add("olderThan with a duration", "equals: true", "olderThan: 30d");
        Add("olderThan with days", "equals: true", "withinLast: 30");
        Add("olderThan with words", "equals: true", "olderThan: a month");
        Add("olderThan with a parameter", "equals: true", "olderThan: { param: maxAge }");
        Add("startsWith a list", "equals: true", "startsWith: [a]");
        Add("match text", "equals: true", "match: '^[a-z]+$'");
        Add("operand reference with an extra key", "equals: true", "equals: { param: minLength, x: 1 }");
        Add("allOf", "{ field: mfa.enabled, equals: true }", "{ allOf: [ { field: a, equals: 1 }, { not: { field: b, exists: true } } ] }");
        Add("empty anyOf", "{ field: mfa.enabled, equals: true }", "{ anyOf: [] }");
        Add("group beside a field", "{ field: mfa.enabled, equals: true }", "{ field: x, allOf: [ { field: a, equals: 1 } ] }");
        Add("bad field path", "field: mfa.enabled", "field: 'mfa..enabled'");
        Add("waiver without expiry", "          rules:", "          waivers:\n            - { rule: P-1, target: a, reason: r }\n          rules:");
        Add("waiver with expiry", "          rules:", "          waivers:\n            - { rule: P-1, target: a, reason: r, expires: 2026-12-31 }\n          rules:");
        return data;
    }

    [Theory]
    [MemberData(nameof(ParityDocuments))]
    public void The_loader_and_the_policy_schema_give_the_same_verdict(string change, string yaml)
    {
        bool loads;
        string loaderSays = string.Empty;
        try
        {
            PolicyLoader.LoadText(yaml, "parity.yaml");
            loads = true;
        }
        catch (PolicyLoadException ex)
        {
            loads = false;
            loaderSays = ex.Message;
        }

        string schemaSays = Validate("policy", ToJson(SafeYamlReader.Read(new StringReader(yaml), "parity.yaml", SafeYamlLimits.Policy, yaml.Length).Single()!));
        Assert.True(loads == (schemaSays.Length == 0), change + ": the loader " + (loads ? "accepts" : "refuses (" + loaderSays + ")") + ", the schema " + (schemaSays.Length == 0 ? "accepts" : "refuses (" + schemaSays + ")"));
    }

    [Fact]
    public void The_schema_operator_and_enum_lists_are_the_operator_tables()
    {
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(SchemaDir, "policy.schema.json")))!;
        JsonNode defs = schema["$defs"]!;
        JsonObject leaf = defs["leaf"]!["properties"]!.AsObject();
        Assert.Equal(OperatorTable.Names.Concat(new[] { "field", "param" }).OrderBy(n => n, StringComparer.Ordinal), leaf.Select(p => p.Key).OrderBy(n => n, StringComparer.Ordinal));
        foreach (OperatorSpec spec in OperatorTable.All)
        {
            JsonNode property = leaf[spec.Name]!;
            if (spec.Operand == OperandKind.Count)
            {
                JsonObject comparisons = property["properties"]!.AsObject();
                Assert.Equal(OperatorTable.Comparisons, comparisons.Select(p => p.Key));
                foreach (KeyValuePair<string, JsonNode?> comparison in comparisons)
                {
                    AssertLiteralAndReference(spec, comparison.Value!, spec.Name + "." + comparison.Key);
                }
            }
            else
            {
                AssertLiteralAndReference(spec, property, spec.Name);
            }
        }

        Assert.Equal(OperatorTable.GroupKeys, defs["condition"]!["oneOf"]!.AsArray().Take(3).Select(o => o!["required"]![0]!.GetValue<string>()));
        Assert.Equal(OperatorTable.Severities, Strings(defs["rule"]!["properties"]!["severity"]!["enum"]!));
        Assert.Equal(OperatorTable.Targets, Strings(defs["rule"]!["properties"]!["target"]!["enum"]!));
        Assert.Equal(OperatorTable.ParameterTypes, Strings(defs["parameter"]!["properties"]!["type"]!["enum"]!));
        Assert.Equal(Enum.GetNames<SecureMailOps.Core.Policies.Severity>().Length, OperatorTable.Severities.Count);
    }

    private static IEnumerable<string> Strings(JsonNode array) => array.AsArray().Select(n => n!.GetValue<string>());

    private static void AssertLiteralAndReference(OperatorSpec spec, JsonNode property, string where)
    {
        JsonArray branches = property["anyOf"]!.AsArray();
        Assert.Equal(2, branches.Count);
        JsonObject literal = branches[0]!.DeepClone().AsObject();
        literal.Remove("description");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(spec.SchemaType), literal), where + ": the schema has " + literal.ToJsonString() + ", the operator table " + spec.SchemaType);
        Assert.Equal("#/$defs/paramRef", branches[1]!["$ref"]!.GetValue<string>());
        Assert.NotEmpty(spec.ParameterTypes);
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
