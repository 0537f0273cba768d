using System;
using System.IO;
using System.Linq;
using System.Text;
using CsCheck;
using SecureMailOps.Fuzz;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// Property tests (CsCheck) over the fuzzed entry points (<see cref="FuzzTargets"/>, shared with the
/// afl++ harness of <c>build.ps1 Fuzz</c>): generated and mutated inputs for the policy loader, the
/// YAML, JSON, JSON Lines and CSV readers and the condition compiler must end in results or in a clear
/// error with its place, never in another exception. Inputs are small, so every run is bounded; a
/// failure prints the seed that reproduces it.
/// </summary>
public sealed class FuzzPropertyTests : IDisposable
{
    private const string YamlAlphabet = "ab1:-?[]{}&*!|>'\"#%@`~\\,. \n\n  ";
    private const string JsonAlphabet = "{}[]\":,0123456789.eE+-truefalsnul \n\\/ab";
    private const string CsvAlphabet = "ab1,,\"\"\n\r.[];; kind";

    private static readonly string ValidPolicy = FuzzTargets.PolicyWithCondition("{ allOf: [ { field: a, greater: { param: p } }, { field: c, count: { less: 3 } } ] }");

    private static readonly string ValidYamlInventory = "accounts:\n  - id: a@example.com\n    mfa: { enabled: true, methods: [totp, sms] }\n    x: &x [1, 2]\n  - { id: b, y: *x }\ndevices:\n  - { id: d1, screenLock: true }\n";

    private static readonly string ValidJson = """{ "accounts": [ { "id": "a", "mfa": { "enabled": true, "methods": ["totp"] } }, { "id": "b", "n": 1.5e3 } ], "devices": [ { "id": "d" } ] }""";

    private static readonly string ValidJsonLines = "{\"id\": \"a\", \"kind\": \"Account\", \"m\": [1, {\"x\": null}]}\n{\"id\": \"b\"}\n\n[1]\n";

    private static readonly string ValidCsv = "kind,id,mfa.enabled,mfa.methods[],note\nAccount,a@example.com,true,totp;sms,\"a, \"\"quoted\"\" note\"\nAccount,b,,,\n";

    private static readonly string[] ConditionTokens =
    {
        "{", "}", "[", "]", ", ", " ", ": ", "field: a", "field: d.e", "field: c[0]", "field: 'x..y'", "param: p", "equals: 1", "equals: x", "notEquals: true",
        "greater: 2026-01-01", "less: { param: p }", "in: [1, x]", "in: { param: l }", "notIn: x", "contains: x", "count: { greater: 0 }", "count: { in: 1 }",
        "match: '^a+$'", "match: '(a)\\1'", "match: '['", "match: { param: s }", "startsWith: a", "endsWith: [a]", "exists: true", "exists: maybe",
        "olderThan: 30d", "withinLast: 3", "olderThan: { param: p }", "allOf: ", "anyOf: ", "not: ", "- ", "&a ", "*a", "!!str ", "null",
    };

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "smo-prop-" + Guid.NewGuid().ToString("N"));

    public FuzzPropertyTests() => Directory.CreateDirectory(_scratch);

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>Random text over an alphabet, or a valid input with random text inserted, replaced or cut.</summary>
    private static Gen<string> TextFrom(string alphabet, string valid, int max) =>
        Gen.Frequency(
            (1, Gen.String[Gen.Char[alphabet], 0, max]),
            (3, Gen.Select(Gen.Int[0, valid.Length], Gen.Int[0, 8], Gen.String[Gen.Char[alphabet], 0, 12], (at, cut, insert) =>
                string.Concat(valid.AsSpan(0, at), insert, valid.AsSpan(Math.Min(valid.Length, at + cut))))),
            (1, Gen.Int[0, valid.Length].Select(at => valid.Substring(0, at))));

    private void Holds(string target, Gen<string> inputs, int iterations) =>
        inputs.Sample(text => FuzzTargets.Run(target, Encoding.UTF8.GetBytes(text), _scratch), iter: iterations, threads: 1);

    [Fact]
    public void The_policy_loader_ends_in_policies_or_placed_errors() => Holds("policy-yaml", TextFrom(YamlAlphabet + "SecurityPolicy", ValidPolicy, 400), 3000);

    [Fact]
    public void The_yaml_inventory_reader_ends_in_records_or_placed_errors() => Holds("inventory-yaml", TextFrom(YamlAlphabet, ValidYamlInventory, 300), 1500);

    [Fact]
    public void The_json_inventory_reader_ends_in_records_or_placed_errors() => Holds("inventory-json", TextFrom(JsonAlphabet, ValidJson, 300), 1500);

    [Fact]
    public void The_json_lines_reader_ends_in_records_or_placed_errors() => Holds("inventory-jsonl", TextFrom(JsonAlphabet, ValidJsonLines, 300), 1500);

    [Fact]
    public void The_csv_reader_ends_in_records_or_placed_errors() => Holds("inventory-csv", TextFrom(CsvAlphabet, ValidCsv, 300), 1500);

    [Fact]
    public void The_condition_compiler_ends_in_findings_or_placed_errors() =>
        Holds("condition", Gen.OneOf(ConditionTokens).Array[1, 14].Select(tokens => string.Concat(tokens)), 3000);

    [Theory]
    [InlineData("inventory-json")]
    [InlineData("inventory-jsonl")]
    [InlineData("inventory-csv")]
    [InlineData("inventory-yaml")]
    [InlineData("policy-yaml")]
    public void Readers_take_any_bytes_not_only_text(string target)
    {
        // afl++ found what ASCII alphabets missed: bytes that are not UTF-8. Valid inputs with random bytes spliced in.
        string valid = target switch
        {
            "inventory-json" => ValidJson,
            "inventory-jsonl" => ValidJsonLines,
            "inventory-csv" => ValidCsv,
            "inventory-yaml" => ValidYamlInventory,
            _ => ValidPolicy,
        };
        byte[] bytes = Encoding.UTF8.GetBytes(valid);
        Gen.Select(Gen.Int[0, bytes.Length], Gen.Byte.Array[1, 6]).Sample(
            (at, noise) => FuzzTargets.Run(target, bytes.Take(at).Concat(noise).Concat(bytes.Skip(at)).ToArray(), _scratch), iter: 800, threads: 1);
    }

    [Fact]
    public void Well_formed_conditions_compile_and_evaluate()
    {
        // Conditions built from the grammar (not token soup) load, and evaluating them gives a finding per record.
        Gen<string> leaf = Gen.Select(Gen.OneOf("a", "b", "c", "d.e", "m", "t", "missing"), Gen.OneOf(
            "equals: 1", "notEquals: x", "greater: 0", "lessOrEquals: 2026-01-01", "in: [1, x, true]", "notIn: { param: l }", "contains: x",
            "count: { greaterOrEquals: 1 }", "match: '^([a-z]+)+!$'", "startsWith: a", "endsWith: '!'", "exists: true", "olderThan: 30d", "withinLast: 3"), (f, op) => "{ field: " + f + ", " + op + " }");
        Gen<string> condition = Gen.Select(Gen.OneOf("allOf", "anyOf"), leaf.Array[1, 4], Gen.Bool, (g, leaves, negate) =>
        {
            string group = "{ " + g + ": [ " + string.Join(", ", leaves) + " ] }";
            return negate ? "{ not: " + group + " }" : group;
        });
        condition.Sample(text => Assert.Equal(3, FuzzTargets.Run("condition", Encoding.UTF8.GetBytes(text), _scratch)), iter: 500, threads: 1);
    }

    [Fact]
    public void Every_fuzz_target_has_a_property_test()
    {
        string[] tested = { "policy-yaml", "inventory-yaml", "inventory-json", "inventory-jsonl", "inventory-csv", "condition" };
        Assert.Equal(tested.OrderBy(t => t, StringComparer.Ordinal), FuzzTargets.Names.OrderBy(t => t, StringComparer.Ordinal));
    }
}
