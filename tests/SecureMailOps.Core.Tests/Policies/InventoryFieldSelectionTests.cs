using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Sources;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// The JSON readers skip the values of top-level fields that neither the compiled policies nor the sources
/// read (InventoryReader.Open with the evaluator's FieldsRead): such fields are absent, the fields that are
/// read are the same values as without skipping, findings, reasons and provenance do not change, and a
/// skipped value that is malformed is still an error with its place.
/// </summary>
public sealed class InventoryFieldSelectionTests : IDisposable
{
    // A Graph userRegistrationDetails record (the resource type page's properties) with a large property
    // nothing reads, as a JSON Lines line.
    private const string GraphLine =
        "{\"id\":\"86462606-fde0-4fc4-9e0c-a20eb73e54c6\",\"userPrincipalName\":\"AlexW@Contoso.com\",\"userDisplayName\":\"Alex Wilber\","
        + "\"userType\":\"member\",\"isAdmin\":true,\"isSsprRegistered\":false,\"isSsprEnabled\":false,\"isSsprCapable\":false,"
        + "\"isMfaRegistered\":true,\"isMfaCapable\":true,\"isPasswordlessCapable\":false,\"isSystemPreferredAuthenticationMethodEnabled\":true,"
        + "\"systemPreferredAuthenticationMethods\":[\"push\"],\"userPreferredMethodForSecondaryAuthentication\":\"push\","
        + "\"methodsRegistered\":[\"microsoftAuthenticatorPush\",\"mobilePhone\"],\"lastUpdatedDateTime\":\"2026-05-01T10:00:00Z\","
        + "\"extra\":{\"deep\":[1,2,{\"x\":\"y\"}],\"n\":1e400}}";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-select-" + Guid.NewGuid().ToString("N"));

    public InventoryFieldSelectionTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("graph.jsonl")]
    [InlineData("graph.json")]
    public void Fields_nothing_reads_are_absent_and_the_fields_read_are_the_same_values(string name)
    {
        string path = Write(name, GraphLine, GraphLine.Replace("AlexW", "Bea", StringComparison.Ordinal));
        PolicyEvaluator evaluator = Compile("{ field: mfa.enabled, equals: true }");

        (List<InventoryRecord> all, List<SecureMailOpsException> allErrors) = Read(path, null, null);
        (List<InventoryRecord> selected, List<SecureMailOpsException> errors) = Read(path, null, evaluator.FieldsRead);
        Assert.Empty(allErrors);
        Assert.Empty(errors);
        Assert.Equal(2, selected.Count);

        RecordMap full = all[0].Fields;
        RecordMap kept = selected[0].Fields;
        foreach (string skipped in new[] { "userDisplayName", "isSystemPreferredAuthenticationMethodEnabled", "systemPreferredAuthenticationMethods", "extra" })
        {
            Assert.True(full.ContainsKey(skipped), skipped + " is in the file");
            Assert.False(kept.ContainsKey(skipped), skipped + " is read by nothing, so it is not built");
        }

        // Everything kept is exactly what the full read gives, the mapped contract fields included.
        Assert.Equal(full.Count - 4, kept.Count);
        foreach (KeyValuePair<string, object?> field in kept)
        {
            Assert.Equal(Describe(full[field.Key]), Describe(field.Value));
        }

        Assert.Equal(true, PolicyTestKit.FieldAt(selected[0], "mfa.enabled"));
        Assert.Equal(new object?[] { "push", "sms" }, (RecordList)PolicyTestKit.FieldAt(selected[0], "mfa.methods")!);
        Assert.Equal("86462606-fde0-4fc4-9e0c-a20eb73e54c6", kept["objectId"]);
        Assert.Equal(all.Select(r => r.Id), selected.Select(r => r.Id));
        Assert.Equal(all.Select(r => r.Source), selected.Select(r => r.Source));
        Assert.Equal(all.Select(r => r.Provenance[0].ToString()), selected.Select(r => r.Provenance[0].ToString()));
    }

    [Fact]
    public void The_baseline_gives_the_same_findings_reasons_and_places_from_selected_records()
    {
        string path = Write("baseline.jsonl", GraphLine, GraphLine.Replace("\"isMfaRegistered\":true", "\"isMfaRegistered\":false", StringComparison.Ordinal)
            .Replace("AlexW", "Bea", StringComparison.Ordinal));
        List<SecurityPolicy> baseline = PolicyLoader.ExpandPaths(new[] { Path.Combine(PolicyTestKit.RepoRoot, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(baseline, null, null, PolicyTestKit.AsOf);
        Assert.DoesNotContain(evaluator.FieldsRead, f => f.StartsWith("userDisplayName", StringComparison.OrdinalIgnoreCase));

        List<string> Findings(IEnumerable<string>? fieldsRead)
        {
            var findings = new List<PolicyFinding>();
            foreach (InventoryRecord record in Read(path, null, fieldsRead).Records)
            {
                evaluator.Evaluate(record, findings);
            }

            return findings.Select(f => f + " | " + f.TargetSource + " | " + f.Provenance).ToList();
        }

        List<string> expected = Findings(null);
        Assert.Contains(expected, f => f.StartsWith("Fail SMO-ACC-001 Bea@Contoso.com", StringComparison.Ordinal));
        Assert.Equal(expected, Findings(evaluator.FieldsRead));
    }

    [Fact]
    public void Native_records_keep_kind_id_email_and_what_the_policy_reads()
    {
        string path = Write("native.jsonl",
            "{\"kind\":\"Account\",\"id\":\"a@example.com\",\"email\":\"a@example.com\",\"mfa\":{\"enabled\":true,\"methods\":[\"totp\"]},\"password\":{\"length\":9},\"note\":\"x\"}");
        PolicyEvaluator evaluator = Compile("{ field: mfa.enabled, equals: true }");
        InventoryRecord record = Assert.Single(Read(path, null, evaluator.FieldsRead).Records);
        Assert.Equal(new[] { "kind", "id", "email", "mfa" }, record.Fields.Keys);
        Assert.Equal(new object?[] { "totp" }, (RecordList)PolicyTestKit.FieldAt(record, "mfa.methods")!);

        // Without fields read (Import-SecurityInventory) every field is kept.
        Assert.Equal(new[] { "kind", "id", "email", "mfa", "password", "note" }, Assert.Single(Read(path, null, null).Records).Fields.Keys);
    }

    [Fact]
    public void A_named_source_keeps_only_its_own_fields_and_names_compare_case_insensitively()
    {
        string path = Write("forced.jsonl", "{\"USERPRINCIPALNAME\":\"a@example.com\",\"isMfaRegistered\":true,\"primaryEmail\":\"g@example.com\",\"Note\":1}");
        PolicyEvaluator evaluator = Compile("{ field: note, exists: true }");
        RecordMap shape = Assert.Single(Read(path, null, evaluator.FieldsRead).Records).Fields;
        Assert.True(shape.ContainsKey("primaryEmail"), "recognising by shape keeps every source's fields");
        Assert.Equal(1L, shape["note"]);

        RecordMap forced = Assert.Single(Read(path, "EntraRegistration", evaluator.FieldsRead).Records).Fields;
        Assert.False(forced.ContainsKey("primaryEmail"), "-Source EntraRegistration reads no Google field");
        Assert.Equal("a@example.com", forced["id"]);
        Assert.Equal(1L, forced["Note"]);
    }

    [Theory]
    [InlineData("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":[1,2,,3]}")]
    [InlineData("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":{\"x\":tru}}")]
    [InlineData("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":\"\\uD800\"}")]
    [InlineData("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":\"\\q\"}")]
    [InlineData("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":1,\"UNREAD\":2}")]
    public void A_malformed_value_that_is_skipped_is_still_an_error_with_its_line(string bad)
    {
        string path = Write("bad.jsonl", "{\"kind\":\"Account\",\"id\":\"ok\"}", bad, "{\"kind\":\"Account\",\"id\":\"after\"}");
        PolicyEvaluator evaluator = Compile("{ field: mfa.enabled, equals: true }");
        (List<InventoryRecord> all, List<SecureMailOpsException> allErrors) = Read(path, null, null);
        (List<InventoryRecord> records, List<SecureMailOpsException> errors) = Read(path, null, evaluator.FieldsRead);
        Assert.Equal(new[] { "ok", "after" }, records.Select(r => r.Id));
        SecureMailOpsException error = Assert.Single(errors);
        Assert.Equal(PolicyErrorIds.InventoryInvalid, error.ErrorId);
        Assert.Contains("bad.jsonl:2:", error.Message, StringComparison.Ordinal);

        // The same error as when the value is built.
        Assert.Equal(all.Select(r => r.Id), records.Select(r => r.Id));
        Assert.Equal(Assert.Single(allErrors).Message, error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_in_a_skipped_string_or_name_are_still_an_error()
    {
        byte[] Line(string before, byte[] bad, string after) => Encoding.UTF8.GetBytes(before).Concat(bad).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        var content = new List<byte>();
        foreach (byte[] line in new[]
        {
            Line("{\"kind\":\"Account\",\"id\":\"a\",\"unread\":\"x", new byte[] { 0xFF }, "\"}\n"),
            Line("{\"kind\":\"Account\",\"id\":\"b\",\"unread\":[\"", new byte[] { 0xC0, 0xAF }, "\"]}\n"),
            Line("{\"kind\":\"Account\",\"id\":\"c\",\"unread\":{\"", new byte[] { 0xED, 0xA0, 0x80 }, "\":1}}\n"),
            Line("{\"kind\":\"Account\",\"id\":\"d\",\"unread\":\"caf", new byte[] { 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80 }, "\"}\n"),
        })
        {
            content.AddRange(line);
        }

        string path = Path.Combine(_dir, "utf8.jsonl");
        File.WriteAllBytes(path, content.ToArray());
        (List<InventoryRecord> records, List<SecureMailOpsException> errors) = Read(path, null, Compile("{ field: mfa.enabled, equals: true }").FieldsRead);
        Assert.Equal("d", Assert.Single(records).Id);
        Assert.Equal(new[] { ":1:", ":2:", ":3:" }, errors.Select(e => e.Message.Substring(e.Message.IndexOf("utf8.jsonl", StringComparison.Ordinal) + 10, 3)));
        Assert.All(errors, e => Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_skipped_value_in_a_json_file_is_the_file_error_with_line_and_column()
    {
        string path = Path.Combine(_dir, "page.json");
        File.WriteAllText(path, "{\"value\": [\n {\"kind\":\"Account\",\"id\":\"a\"},\n {\"kind\":\"Account\",\"id\":\"b\",\n  \"unread\": [1, }\n]}\n");
        var ex = Assert.Throws<SecureMailOpsException>(() => Read(path, null, Compile("{ field: mfa.enabled, equals: true }").FieldsRead));
        Assert.Equal(PolicyErrorIds.InventoryInvalid, ex.ErrorId);
        Assert.Contains("page.json:4:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_a_field_that_is_built_is_a_record_error_not_a_crash()
    {
        // Found while making skipped values checked like built ones: GetString throws a bare
        // InvalidOperationException for "\uD800", which escaped the reader.
        string path = Write("surrogate.jsonl", "{\"kind\":\"Account\",\"id\":\"a\",\"v\":\"\\uD800\"}", "{\"kind\":\"Account\",\"id\":\"b\"}");
        (List<InventoryRecord> records, List<SecureMailOpsException> errors) = Read(path, null, null);
        Assert.Equal("b", Assert.Single(records).Id);
        Assert.Contains("surrogate.jsonl:1: the line is not valid JSON: A string is not valid text", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merged_records_compare_the_fields_kept_and_keep_provenance()
    {
        string entra = Write("entra.jsonl", GraphLine);
        string exchange = Path.Combine(_dir, "cas.json");
        File.WriteAllText(exchange, "[\n{\"PrimarySmtpAddress\":\"alexw@contoso.com\",\"UserPrincipalName\":\"AlexW@Contoso.com\",\"DisplayName\":\"Someone Else\","
            + "\"PopEnabled\":true,\"ImapEnabled\":false,\"SmtpClientAuthenticationDisabled\":false,\"userDisplayName\":\"Alex W.\",\"userType\":\"guest\"}\n]\n");
        PolicyEvaluator evaluator = Compile("{ field: mail.popEnabled, equals: false }");
        var merger = new InventoryMerger();
        foreach (string file in new[] { entra, exchange })
        {
            foreach (InventoryRecord record in Read(file, null, evaluator.FieldsRead).Records)
            {
                merger.Add(record);
            }
        }

        InventoryRecord merged = Assert.Single(merger.Merge());
        Assert.Equal(true, PolicyTestKit.FieldAt(merged, "mail.popEnabled"));
        Assert.Equal(true, PolicyTestKit.FieldAt(merged, "mfa.enabled"));
        Assert.StartsWith("EntraRegistration (", merged.OriginOf("mfa.enabled")!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("cas.json:2)", merged.OriginOf("mail.popEnabled")!.ToString(), StringComparison.Ordinal);

        // userType is read (the Entra mapping reads it), so the two sources' values are compared; userDisplayName
        // and DisplayName are read by nothing, so they are not built and not compared.
        string warnings = string.Join("\n", merger.TakeWarnings().Select(w => w.Message));
        Assert.Contains("userType is 'member'", warnings, StringComparison.Ordinal);
        Assert.DoesNotContain("DisplayName", warnings, StringComparison.OrdinalIgnoreCase);
        Assert.False(merged.Fields.ContainsKey("userDisplayName"));
    }

    private static PolicyEvaluator Compile(string condition) =>
        PolicyEvaluator.Compile(PolicyLoader.LoadText(PolicyTestKit.Policy(condition), "test.yaml").ToList(), null, null, PolicyTestKit.AsOf);

    private static string Describe(object? value) => value switch
    {
        RecordMap map => "{" + string.Join(",", map.Select(f => f.Key + "=" + Describe(f.Value))) + "}",
        RecordList list => "[" + string.Join(",", list.Select(Describe)) + "]",
        null => "null",
        _ => value.GetType().Name + ":" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static (List<InventoryRecord> Records, List<SecureMailOpsException> Errors) Read(string path, string? source, IEnumerable<string>? fieldsRead)
    {
        var errors = new List<SecureMailOpsException>();
        using InventoryReader reader = InventoryReader.Open(path, null, source, fieldsRead);
        return (reader.ReadRecords(errors.Add).ToList(), errors);
    }

    private string Write(string name, params string[] records)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, name.EndsWith(".jsonl", StringComparison.Ordinal)
            ? string.Join("\n", records) + "\n"
            : "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails\",\"value\":[\n" + string.Join(",\n", records) + "\n]}\n");
        return path;
    }
}
