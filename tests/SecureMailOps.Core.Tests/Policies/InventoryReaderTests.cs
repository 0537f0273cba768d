using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

public sealed class InventoryReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-inv-" + Guid.NewGuid().ToString("N"));

    public InventoryReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (List<InventoryRecord> Records, List<SecureMailOpsException> Errors) Read(string name, string content, TargetKind? kind = null)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        var errors = new List<SecureMailOpsException>();
        using InventoryReader reader = InventoryReader.Open(path, kind);
        return (reader.ReadRecords(errors.Add).ToList(), errors);
    }

    private static object? Get(InventoryRecord record, string path) => PolicyTestKit.FieldAt(record, path);

    [Fact]
    public void Yaml_with_kind_groups_types_plain_scalars_and_keeps_lines()
    {
        var (records, errors) = Read("inv.yaml", """
            accounts:
              - id: a@example.com
                mfa: { enabled: true, methods: [totp, sms] }
                password: { length: 14, lastChanged: 2026-01-01 }
                note: "true"
            devices:
              - { id: laptop, screenLock: yes }
            """);
        Assert.Empty(errors);
        Assert.Equal(new[] { TargetKind.Account, TargetKind.Device }, records.Select(r => r.Kind));
        InventoryRecord account = records[0];
        Assert.Equal("a@example.com", account.Id);
        Assert.Equal(true, Get(account, "mfa.enabled"));
        Assert.Equal(14L, Get(account, "password.length"));
        Assert.Equal("2026-01-01", Get(account, "password.lastChanged"));
        Assert.Equal("true", Get(account, "note"));
        Assert.Equal(new object?[] { "totp", "sms" }, (RecordList)Get(account, "MFA.Methods")!);
        Assert.Equal("yes", Get(records[1], "screenLock"));
        Assert.EndsWith("inv.yaml:2", account.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_list_of_records_uses_the_kind_field_or_the_default()
    {
        var (records, errors) = Read("list.yml", "- { id: c1, kind: Connection }\n- { id: a1 }\n- { id: x, kind: Printer }\n", TargetKind.Account);
        Assert.Equal(new[] { "Connection c1", "Account a1" }, records.Select(r => r.ToString()));
        SecureMailOpsException error = Assert.Single(errors);
        Assert.Equal(PolicyErrorIds.InventoryKind, error.ErrorId);
        Assert.Contains("list.yml:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_objects_inside_lists_are_read_at_any_depth()
    {
        // Found by the CsCheck property test: an object that is a list item sits two levels below its
        // record, and the reader's per-depth scratch lists had only one level for it (ArgumentOutOfRange).
        var (records, errors) = Read("nested.jsonl", "{\"id\": \"a\", \"m\": [1, {\"x\": null}, [[{\"y\": 2}]]]}\n[{\"z\": 1}]\n{\"id\": \"b\", \"m\": [{\"x\": 3}]}\n", TargetKind.Account);
        Assert.Equal(new[] { "a", "b" }, records.Select(r => r.Id));
        RecordList list = (RecordList)records[0].Fields["m"]!;
        Assert.Null(((RecordMap)list[1]!)["x"]);
        Assert.Equal(2L, ((RecordMap)((RecordList)((RecordList)list[2]!)[0]!)[0]!)["y"]);
        Assert.Equal(3L, ((RecordMap)((RecordList)records[1].Fields["m"]!)[0]!)["x"]);
        Assert.Contains("nested.jsonl:2", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_inventory_refuses_an_alias_bomb()
    {
        string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"b{i}: &b{i} [{string.Join(", ", Enumerable.Repeat(i == 1 ? "*a" : $"*b{i - 1}", 10))}]\n"));
        var ex = Assert.Throws<PolicyLoadException>(() => Read("bomb.yaml", bomb));
        Assert.Equal(PolicyErrorIds.AliasLimit, ex.ErrorId);
    }

    [Fact]
    public void Json_array_and_grouped_object_and_numbers()
    {
        var (records, errors) = Read("inv.json", """
            { "devices": [ { "id": "d1", "lastPatched": "2026-05-01", "antivirus": { "enabled": false } } ],
              "connections": [ { "id": "c1", "tls": { "version": "1.2", "certificateDaysLeft": 30 }, "port": 587.0 } ] }
            """);
        Assert.Empty(errors);
        Assert.Equal(new[] { "Device d1", "Connection c1" }, records.Select(r => r.ToString()));
        Assert.Equal(30L, Get(records[1], "tls.certificateDaysLeft"));
        Assert.Equal(587d, Get(records[1], "port"));
        var (array, _) = Read("arr.json", """[ { "kind": "account", "id": "x" }, 42 ]""");
        Assert.Single(array);
    }

    [Fact]
    public void Json_syntax_error_is_fatal_with_a_position()
    {
        var ex = Assert.Throws<SecureMailOpsException>(() => Read("bad.json", "[\n  { \"id\": \"x\", }\n  oops\n]"));
        Assert.Equal(PolicyErrorIds.InventoryInvalid, ex.ErrorId);
        Assert.True(ex.Message.Contains("bad.json:3:", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void Json_graph_page_value_array_is_streamed_with_lines_and_next_link()
    {
        // The shape of GET /reports/authenticationMethods/userRegistrationDetails (Microsoft Graph v1.0):
        // @odata.context and @odata.nextLink around a "value" array.
        string path = Path.Combine(_dir, "page1.json");
        File.WriteAllText(path, "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails\",\n"
            + "  \"@odata.nextLink\": \"https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=abc\",\n  \"value\": [\n"
            + "    { \"id\": \"u1\", \"isMfaRegistered\": true, \"methodsRegistered\": [\"microsoftAuthenticatorPush\"] },\n"
            + "    // a comment\n    { \"id\": \"u2\",\n      \"isMfaRegistered\": false },\n    5,\n    { \"id\": \"u3\", \"isMfaRegistered\": false, },\n  ]\n}\n");
        var errors = new List<SecureMailOpsException>();
        using InventoryReader reader = InventoryReader.Open(path, TargetKind.Account);
        List<InventoryRecord> records = reader.ReadRecords(errors.Add).ToList();
        Assert.Equal(new[] { "u1", "u2", "u3" }, records.Select(r => r.Id));
        Assert.Equal(new[] { ":5", ":7", ":10" }, records.Select(r => r.Source![r.Source!.LastIndexOf(':')..]));
        Assert.Equal(new object?[] { "microsoftAuthenticatorPush" }, (RecordList)records[0].Fields["methodsRegistered"]!);
        Assert.Contains("page1.json:9: a record must be a JSON object", Assert.Single(errors).Message, StringComparison.Ordinal);
        Assert.EndsWith("$skiptoken=abc", reader.NextLink, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_records_larger_than_the_buffer_stream_across_refills()
    {
        // Records of about 70 KB each: the 256 KB buffer holds three, so reading refills mid-record.
        string padding = new string('x', 70_000);
        var text = new System.Text.StringBuilder("{\"users\": [\n");
        for (int i = 0; i < 20; i++)
        {
            text.Append(i == 0 ? string.Empty : ",\n").Append("{\"primaryEmail\": \"u").Append(i).Append("@example.com\", \"id\": \"u").Append(i).Append("\", \"pad\": \"").Append(padding).Append("\"}");
        }

        var (records, errors) = Read("users.json", text.Append("\n]}").ToString(), TargetKind.Account);
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "u" + i), records.Select(r => r.Id));
        Assert.Equal(Enumerable.Range(2, 20).Select(i => ":" + i), records.Select(r => r.Source![r.Source!.LastIndexOf(':')..]));
        Assert.Equal(70_000, ((string)records[19].Fields["pad"]!).Length);
    }

    [Fact]
    public void Json_array_records_built_in_one_pass_equal_the_same_json_lines_across_many_refills_and_record_errors()
    {
        // The JSON file reader builds a record as it tokenizes it, falling back to skip-then-build when the
        // build throws. 6,000 nested records (about 1.7 MB, several refills, records cut at every buffer end)
        // must give what the same lines give as JSON Lines: the same fields, lines and record errors (a
        // field twice, an unpaired surrogate escape), and reading goes on after each error.
        var lines = new List<string>();
        for (int i = 0; i < 6000; i++)
        {
            string extra = i % 7 == 0 ? ", \"note\": \"caf\u00e9 " + i + "\"" : string.Empty;
            string line = i switch
            {
                1234 => "{\"id\": \"u1234\", \"mfa\": {\"enabled\": true}, \"ID\": \"again\"}",
                4321 => "{\"id\": \"u4321\", \"v\": \"\\uD800\"}",
                _ => "{\"kind\": \"Account\", \"id\": \"u" + i + "\", \"mfa\": {\"enabled\": " + (i % 3 == 0 ? "false" : "true")
                    + ", \"methods\": [\"push\", \"totp\", {\"type\": \"fido2\", \"n\": " + i + "}], \"deep\": {\"a\": {\"b\": [1, 2.5, null]}}}, \"sspr\": {}, \"tags\": []" + extra + "}",
            };
            lines.Add(line);
        }

        var (fromLines, lineErrors) = Read("same.jsonl", string.Join("\n", lines) + "\n", TargetKind.Account);
        var (fromArray, arrayErrors) = Read("same.json", "[\n" + string.Join(",\n", lines) + "\n]\n", TargetKind.Account);

        Assert.Equal(5998, fromLines.Count);
        Assert.Equal(fromLines.Select(r => r.Id), fromArray.Select(r => r.Id));
        Assert.Equal(fromLines.Select(r => Describe(r.Fields)), fromArray.Select(r => Describe(r.Fields)));

        // The array's records start a line later (line 1 is "[").
        Assert.Equal(fromLines.Select(r => LineOf(r.Source!) + 1), fromArray.Select(r => LineOf(r.Source!)));
        Assert.Equal(new[] { ":1235", ":4322" }, lineErrors.Select(e => e.Message[e.Message.IndexOf(':', StringComparison.Ordinal)..e.Message.IndexOf(' ', StringComparison.Ordinal)].TrimEnd(':')));
        Assert.Equal(new[] { ":1236", ":4323" }, arrayErrors.Select(e => e.Message[e.Message.IndexOf(':', StringComparison.Ordinal)..e.Message.IndexOf(' ', StringComparison.Ordinal)].TrimEnd(':')));
        Assert.Contains("appears twice", arrayErrors[0].Message, StringComparison.Ordinal);
        Assert.Equal(PolicyErrorIds.InventoryInvalid, arrayErrors[1].ErrorId);
    }

    [Fact]
    public void Json_array_invalid_json_inside_a_record_is_still_fatal_at_its_place_after_records_built_in_one_pass()
    {
        var text = new System.Text.StringBuilder("[\n");
        for (int i = 0; i < 3000; i++)
        {
            text.Append("{\"id\": \"u").Append(i).Append("\", \"mfa\": {\"enabled\": true, \"methods\": [\"push\"]}},\n");
        }

        // Line 3002: a nested object missing its value, past the first refill.
        text.Append("{\"id\": \"bad\", \"mfa\": {\"enabled\": }}\n]\n");
        var error = Assert.Throws<SecureMailOpsException>(() => Read("broken.json", text.ToString(), TargetKind.Account));
        Assert.Contains("broken.json:3002:", error.Message, StringComparison.Ordinal);
        Assert.Contains("the file is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static int LineOf(string source) => int.Parse(source[(source.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(object? value) => value switch
    {
        RecordMap map => "{" + string.Join(",", map.Select(e => e.Key + "=" + Describe(e.Value))) + "}",
        RecordList list => "[" + string.Join(",", list.Select(Describe)) + "]",
        null => "null",
        _ => value.GetType().Name + ":" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Json_trailing_content_and_truncation_are_fatal_with_a_line()
    {
        var trailing = Assert.Throws<SecureMailOpsException>(() => Read("trail.json", "[{\"id\": \"a\"}]\n\nx"));
        Assert.Contains("trail.json:3: the file is not valid JSON", trailing.Message, StringComparison.Ordinal);
        var cut = Assert.Throws<SecureMailOpsException>(() => Read("cut.json", "{\"value\": [{\"id\": \"a\"}, {\"id\""));
        Assert.Contains("cut.json:", cut.Message, StringComparison.Ordinal);
        var scalar = Assert.Throws<SecureMailOpsException>(() => Read("scalar.json", "42"));
        Assert.Contains("a list of records or an object that holds them", scalar.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-utf8.jsonl")]
    [InlineData("bad-utf8.json")]
    public void Text_that_is_not_utf8_is_a_record_error_with_its_line_not_a_crash(string name)
    {
        // Found by afl++ (build.ps1 Fuzz): bytes that are not UTF-8 inside a JSON string passed the
        // reader's structure check and threw InvalidOperationException when the text was decoded.
        // The first record is the crashing input's shape: a field name of 0xD4 0xC9 bytes.
        byte[] bad = { (byte)'{', (byte)'"', (byte)'k', 0xD4, 0xC9, 0xD4, (byte)'"', (byte)':', (byte)'1', (byte)'}' };
        byte[] good = System.Text.Encoding.UTF8.GetBytes("{\"id\": \"ok\", \"v\": \"caf\u00e9\"}");
        byte[] badValue = System.Text.Encoding.UTF8.GetBytes("{\"id\": \"x\", \"v\": \"a\u00e9\"}");
        badValue[badValue.Length - 3] = 0xFF;
        string path = Path.Combine(_dir, name);
        bool lines = name.EndsWith(".jsonl", StringComparison.Ordinal);
        var content = new List<byte>();
        content.AddRange(lines ? Array.Empty<byte>() : "[\n"u8.ToArray());
        content.AddRange(bad);
        content.AddRange(lines ? "\n"u8.ToArray() : ",\n"u8.ToArray());
        content.AddRange(good);
        content.AddRange(lines ? "\n"u8.ToArray() : ",\n"u8.ToArray());
        content.AddRange(badValue);
        content.AddRange(lines ? "\n"u8.ToArray() : "\n]"u8.ToArray());
        File.WriteAllBytes(path, content.ToArray());
        var errors = new List<SecureMailOpsException>();
        using InventoryReader reader = InventoryReader.Open(path, TargetKind.Account);
        List<InventoryRecord> records = reader.ReadRecords(errors.Add).ToList();
        Assert.Equal("ok", Assert.Single(records).Id);
        Assert.Equal("caf\u00e9", records[0].Fields["v"]);
        Assert.Equal(2, errors.Count);
        int first = lines ? 1 : 2;
        Assert.Contains(name + ":" + first + ":", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains(name + ":" + (first + 2) + ":", errors[1].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_stream_and_a_bad_line_is_reported_and_skipped()
    {
        var (records, errors) = Read("inv.jsonl", """
            {"kind":"Account","id":"a1","mfa":{"enabled":true}}

            {"kind":"Account","id":"a2", broken
            {"kind":"Device","id":"d1","Id":"again"}
            {"kind":"Device","id":"d2","screenLock":true}
            """);
        Assert.Equal(new[] { "a1", "d2" }, records.Select(r => r.Id));
        Assert.Equal(2, errors.Count);
        Assert.Contains("inv.jsonl:3", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", errors[1].Message, StringComparison.Ordinal);
        Assert.EndsWith("inv.jsonl:5", records[1].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_shared_names_and_values_stay_exact_and_wide_objects_still_refuse_duplicates()
    {
        // Twenty fields, so the duplicate check goes past its linear scan; the last name repeats the first in another case.
        string wide = string.Join(",", Enumerable.Range(0, 20).Select(i => $$"""
            "f{{i}}":{{i}}
            """.Trim()));
        var (records, errors) = Read("shared.jsonl", $$"""
            {"kind":"Account","id":"a1","type":"user","esc":"ab","m":["totp","push"]}
            {"kind":"Account","id":"a2","type":"admin","esc":"ab","m":["push","totp"],"user":"type"}
            {"kind":"Account","id":"a3",{{wide}},"F0":1}
            {"kind":"Account","id":"a4",{{wide}}}
            """);
        Assert.Equal(new[] { "a1", "a2", "a4" }, records.Select(r => r.Id));
        Assert.Equal("user", Get(records[0], "type"));
        Assert.Equal("admin", Get(records[1], "type"));
        Assert.Equal("ab", Get(records[0], "esc"));
        Assert.Equal("ab", Get(records[1], "esc"));
        Assert.Equal("type", Get(records[1], "user"));
        Assert.Equal(new object[] { "push", "totp" }, (RecordList)Get(records[1], "m")!);
        Assert.Equal(19L, Get(records[2], "f19"));
        Assert.Equal(22, records[2].Fields.Count);
        Assert.Single(errors);
        Assert.Contains("shared.jsonl:3: the field 'F0' appears twice", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_names_predicted_from_the_last_record_are_still_exact_and_duplicates_are_still_refused()
    {
        // Each line is read against the names of the line before: the same names, an extra name that
        // repeats one in another case, an escaped spelling of a known name, a reordering with a
        // duplicate, and a nested object whose shape changes.
        var (records, errors) = Read("predicted.jsonl", """
            {"kind":"Account","id":"p1","type":"user","mfa":{"enabled":true,"methods":["totp"]}}
            {"kind":"Account","id":"p2","type":"user","mfa":{"enabled":false,"methods":[]}}
            {"kind":"Account","id":"p3","type":"user","mfa":{"enabled":true,"methods":[]},"TYPE":"admin"}
            {"kind":"Account","i\u0064":"p4","type":"admin","mfa":{"enabled":true}}
            {"kind":"Account","type":"user","id":"p5","ID":"again"}
            {"kind":"Account","id":"p6","type":"user","mfa":{"methods":["sms"],"enabled":false,"backupCodes":{"generated":true}}}
            """);
        Assert.Equal(new[] { "p1", "p2", "p4", "p6" }, records.Select(r => r.Id));
        Assert.Equal(2, errors.Count);
        Assert.Contains("predicted.jsonl:3: the field 'TYPE' appears twice", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("predicted.jsonl:5: the field 'ID' appears twice", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(false, Get(records[1], "mfa.enabled"));
        Assert.Equal("admin", Get(records[2], "type"));
        Assert.Equal(new[] { "kind", "id", "type", "mfa" }, records[2].Fields.Keys);
        Assert.Equal(new[] { "enabled" }, ((RecordMap)records[2].Fields["mfa"]!).Keys);
        Assert.Equal(new[] { "methods", "enabled", "backupCodes" }, ((RecordMap)records[3].Fields["mfa"]!).Keys);
        Assert.Equal(true, Get(records[3], "mfa.backupCodes.generated"));
    }

    [Fact]
    public void Json_lines_are_read_lazily()
    {
        string path = Path.Combine(_dir, "lazy.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 10_000).Select(i => $$"""{"kind":"Account","id":"a{{i}}"}"""));
        using InventoryReader reader = InventoryReader.Open(path, null);
        InventoryRecord first = reader.ReadRecords(_ => { }).First();
        Assert.Equal("a0", first.Id);
        Assert.True(reader.Position < reader.Length, "the reader did not read the whole file for the first record");
    }

    [Fact]
    public void Csv_dotted_columns_nest_and_bracket_columns_are_lists()
    {
        var (records, errors) = Read("inv.csv", "id,kind,mfa.enabled,mfa.methods[],password.length,note\r\n"
            + "a@example.com,Account,true,totp; fido2,16,\"quoted, with comma and \"\"quotes\"\"\"\r\n"
            + "b@example.com,Account,false,,8,\"two\nlines\"\r\n"
            + "short,Account\r\n");
        Assert.Equal(new[] { "a@example.com", "b@example.com" }, records.Select(r => r.Id));
        Assert.Equal("true", Get(records[0], "mfa.enabled"));
        Assert.Equal(new object?[] { "totp", "fido2" }, (RecordList)Get(records[0], "mfa.methods")!);
        Assert.Equal("quoted, with comma and \"quotes\"", Get(records[0], "note"));
        Assert.False(((RecordMap)records[1].Fields["mfa"]!).ContainsKey("methods"), "an empty cell is a missing field");
        Assert.Equal("two\nlines", Get(records[1], "note"));
        SecureMailOpsException error = Assert.Single(errors);
        Assert.Contains("inv.csv:5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_values_compare_as_the_types_they_stand_for()
    {
        string path = Path.Combine(_dir, "acc.csv");
        File.WriteAllText(path, "id,mfa.enabled,password.length,password.lastChanged\nx,TRUE,12,2026-05-01\ny,no,11,long ago\n");
        string policy = PolicyTestKit.Policy("{ allOf: [ { field: mfa.enabled, equals: true }, { field: password.length, greaterOrEquals: 12 }, { field: password.lastChanged, withinLast: 60d } ] }");
        var evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(policy, "p.yaml").ToList(), null, null, PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        using InventoryReader reader = InventoryReader.Open(path, TargetKind.Account);
        foreach (InventoryRecord record in reader.ReadRecords(_ => { }))
        {
            evaluator.Evaluate(record, findings);
        }

        Assert.Equal(new[] { FindingOutcome.Pass, FindingOutcome.Error }, findings.Select(f => f.Outcome));
    }

    [Fact]
    public void Unknown_extension_and_missing_file_are_errors()
    {
        var format = Assert.Throws<SecureMailOpsException>(() => InventoryReader.Open(Path.Combine(_dir, "inv.txt"), null));
        Assert.Equal(PolicyErrorIds.InventoryFormat, format.ErrorId);
        var missing = Assert.Throws<SecureMailOpsException>(() => InventoryReader.Open(Path.Combine(_dir, "none.json"), null));
        Assert.Equal(PolicyErrorIds.InventoryNotFound, missing.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, missing.Kind);
    }
}
