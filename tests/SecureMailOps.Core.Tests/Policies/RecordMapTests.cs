using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline expected arrays read better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

[Collection(FieldNameTableSerialGroup.Name)]
public sealed class RecordMapTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-map-" + Guid.NewGuid().ToString("N"));

    public RecordMapTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Names_are_case_insensitive_and_kept_in_insertion_order()
    {
        var map = new RecordMap { ["Zeta"] = 1L, ["alpha"] = "a", ["Mid"] = true };
        Assert.True(map.TryGetValue("ZETA", out object? zeta));
        Assert.Equal(1L, zeta);
        Assert.Equal("a", map["ALPHA"]);
        Assert.True(map.ContainsKey("mid"));
        Assert.False(map.ContainsKey("mi"));
        Assert.Equal(new[] { "Zeta", "alpha", "Mid" }, map.Keys);
        Assert.Equal(new[] { "Zeta", "alpha", "Mid" }, map.Select(p => p.Key));
        map["MID"] = false;
        Assert.Equal(3, map.Count);
        Assert.Equal(false, map["mid"]);
    }

    [Fact]
    public void A_name_added_twice_in_any_case_is_an_error_and_a_missing_name_says_which()
    {
        var map = new RecordMap { ["id"] = "a" };
        var duplicate = Assert.Throws<ArgumentException>(() => map.Add("ID", "b"));
        Assert.Contains("'ID'", duplicate.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<KeyNotFoundException>(() => map["email"]);
        Assert.Contains("'email'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_and_clear_work_and_a_wide_map_still_finds_every_field()
    {
        var map = new RecordMap();
        for (int i = 0; i < 40; i++)
        {
            map.Add("field" + i, (long)i);
        }

        Assert.Equal(17L, map["FIELD17"]);
        Assert.False(map.ContainsKey("field40"));
        Assert.True(map.Remove("Field3"));
        Assert.False(map.Remove("field3"));
        Assert.Equal(39, map.Count);
        Assert.Equal(4L, map["field4"]);
        map.Add("late", "x");
        Assert.Equal("x", map["LATE"]);
        map.Clear();
        Assert.Empty(map);
        Assert.False(map.ContainsKey("field4"));
    }

    [Fact]
    public void The_non_generic_dictionary_view_is_what_PowerShell_reads()
    {
        IDictionary map = new RecordMap { ["enabled"] = true, ["methods"] = new RecordList { "totp" } };
        Assert.Equal(true, map["ENABLED"]);
        Assert.Null(map["absent"]);
        Assert.True(map.Contains("Methods"));
        var entries = new List<DictionaryEntry>();
        IDictionaryEnumerator e = map.GetEnumerator();
        while (e.MoveNext())
        {
            entries.Add(e.Entry);
        }

        Assert.Equal(new object[] { "enabled", "methods" }, entries.Select(x => x.Key));
        Assert.Equal(2, map.Keys.Count);
        map.Remove("enabled");
        Assert.Single(map.Keys.Cast<object>());
    }

    [Fact]
    public void Records_of_the_same_shape_share_names_but_changing_one_never_changes_another()
    {
        // Read from JSON Lines, both records' mfa maps share one names array (same shape).
        string path = Path.Combine(_dir, "two.jsonl");
        File.WriteAllLines(path, new[]
        {
            """{"kind":"Account","id":"a","mfa":{"enabled":true,"methods":["totp"]}}""",
            """{"kind":"Account","id":"b","mfa":{"enabled":false,"methods":[]}}""",
        });
        using InventoryReader reader = InventoryReader.Open(path, null);
        List<InventoryRecord> records = reader.ReadRecords(error => throw error).ToList();
        var first = (RecordMap)records[0].Fields["mfa"]!;
        var second = (RecordMap)records[1].Fields["mfa"]!;

        Assert.True(first.Remove("enabled"));
        Assert.Equal(new[] { "methods" }, first.Keys);
        Assert.Equal(new[] { "enabled", "methods" }, second.Keys);
        Assert.Equal(false, second["enabled"]);

        first.Clear();
        Assert.Equal(new[] { "enabled", "methods" }, second.Keys);
        second.Add("backupCodes", null);
        Assert.Equal(new[] { "enabled", "methods", "backupCodes" }, second.Keys);
        Assert.Equal(path + ":1", records[0].Source);
        Assert.Equal(path + ":2", records[1].Source);
    }

    [Fact]
    public void A_look_up_hint_is_trusted_only_when_the_very_name_asked_for_is_there()
    {
        string name = FieldNameTable.Register("hintProbe");
        var first = new RecordMap { ["a"] = 1, [name] = 2 };
        int hint = 0;
        Assert.True(first.TryGetValue(name, ref hint, out object? value));
        Assert.Equal(2, value);
        Assert.Equal(1, hint);

        // Another record has the field elsewhere and another name at the hint: found by the scan, and the hint moves.
        var second = new RecordMap { [name] = 3, ["b"] = 4, ["c"] = 5 };
        Assert.True(second.TryGetValue(name, ref hint, out value));
        Assert.Equal(3, value);
        Assert.Equal(0, hint);

        // The same text in another case and instance at the hint: found case-insensitively.
        var third = new RecordMap { ["HINTPROBE"] = 6 };
        Assert.True(third.TryGetValue(name, ref hint, out value));
        Assert.Equal(6, value);

        // A hint past the end (a removal shifted the fields) still finds the field, and a missing one is missing.
        var fourth = new RecordMap { ["a"] = 1, [name] = 7 };
        Assert.True(fourth.Remove("a"));
        hint = 1;
        Assert.True(fourth.TryGetValue(name, ref hint, out value));
        Assert.Equal(7, value);
        hint = 99;
        Assert.False(new RecordMap { ["x"] = 1 }.TryGetValue(name, ref hint, out value));
        Assert.Null(value);
    }

    [Fact]
    public void Maps_built_field_by_field_use_the_instances_of_names_policies_read()
    {
        string shared = FieldNameTable.Register("builtProbe");
        var map = new RecordMap { [new string("builtProbe".ToCharArray())] = 1 };
        Assert.Same(shared, map.Keys.Single());

        // A name no policy reads is kept as given (and not added to the table).
        string other = "notReadProbe" + Guid.NewGuid().ToString("N");
        map.Add(other, 2);
        Assert.Same(other, map.Keys.Last());
        Assert.Same(other, FieldNameTable.Share(other));
        Assert.Equal(2, map[other.ToUpperInvariant()]);
    }

    [Fact]
    public void Records_that_alternate_between_two_shapes_share_the_names_of_each()
    {
        // Every other account lacks the optional delegates field, and its mfa has no backupCodes.
        string path = Path.Combine(_dir, "alternating.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 6).Select(i => i % 2 == 0
            ? $$$"""{"kind":"Account","id":"a{{{i}}}","mfa":{"enabled":true,"backupCodes":{"generated":true}},"delegates":["d"]}"""
            : $$$"""{"kind":"Account","id":"a{{{i}}}","mfa":{"enabled":false}}"""));
        using InventoryReader reader = InventoryReader.Open(path, null);
        List<InventoryRecord> records = reader.ReadRecords(error => throw error).ToList();

        Assert.Equal(6, records.Count);
        for (int i = 2; i < records.Count; i++)
        {
            Assert.True(records[i].Fields.SharesNamesWith(records[i - 2].Fields), "top level of record " + i);
            Assert.True(((RecordMap)records[i].Fields["mfa"]!).SharesNamesWith((RecordMap)records[i - 2].Fields["mfa"]!), "mfa of record " + i);
            Assert.False(records[i].Fields.SharesNamesWith(records[i - 1].Fields));
        }

        Assert.Equal(new[] { "kind", "id", "mfa", "delegates" }, records[4].Fields.Keys);
        Assert.Equal(new[] { "kind", "id", "mfa" }, records[5].Fields.Keys);
        Assert.Equal(new[] { "enabled", "backupCodes" }, ((RecordMap)records[4].Fields["mfa"]!).Keys);
        Assert.Equal(false, ((RecordMap)records[5].Fields["mfa"]!)["enabled"]);

        // A third shape evicts the older one only; the last one is still shared.
        File.WriteAllLines(path, new[]
        {
            """{"kind":"Account","id":"x","a":1}""",
            """{"kind":"Account","id":"y","b":1}""",
            """{"kind":"Account","id":"z","c":1}""",
            """{"kind":"Account","id":"w","b":2}""",
            """{"kind":"Account","id":"v","a":2}""",
        });
        using InventoryReader again = InventoryReader.Open(path, null);
        List<InventoryRecord> three = again.ReadRecords(error => throw error).ToList();
        Assert.True(three[3].Fields.SharesNamesWith(three[1].Fields));
        Assert.False(three[4].Fields.SharesNamesWith(three[0].Fields));
        Assert.Equal(new[] { "kind", "id", "a" }, three[4].Fields.Keys);
        Assert.Equal(2L, three[4].Fields["a"]);
    }

    [Fact]
    public void A_compiled_path_reads_records_whose_fields_come_in_different_orders()
    {
        string path = Path.Combine(_dir, "orders.jsonl");
        File.WriteAllLines(path, new[]
        {
            """{"kind":"Account","id":"a","mfa":{"enabled":true,"methods":["totp"]}}""",
            """{"mfa":{"methods":["sms"],"enabled":false},"id":"b","kind":"Account"}""",
            """{"kind":"Account","id":"c","mfa":{"extra":1,"methods":[],"enabled":true}}""",
            """{"kind":"Account","id":"d","MFA":{"ENABLED":false}}""",
            """{"kind":"Account","id":"e","mfa":{"enabled":true,"methods":["totp"]}}""",
        });
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(PolicyTestKit.Policy("{ field: mfa.enabled, equals: true }"), "p.yaml").ToList(), null, null, PolicyTestKit.AsOf);
        using InventoryReader reader = InventoryReader.Open(path, null);
        var outcomes = new List<string>();
        foreach (InventoryRecord record in reader.ReadRecords(error => throw error))
        {
            var findings = new List<PolicyFinding>();
            evaluator.Evaluate(record, findings);
            outcomes.Add(record.Id + "=" + findings.Single().Outcome);
        }

        Assert.Equal(new[] { "a=Pass", "b=Fail", "c=Pass", "d=Fail", "e=Pass" }, outcomes);
    }

    [Fact]
    public void Names_a_policy_reads_are_shared_with_the_reader_and_other_names_are_not_kept()
    {
        PolicyEvaluator.Compile(PolicyLoader.LoadText(PolicyTestKit.Policy("{ field: mfaProbe.enabledProbe, equals: true }"), "p.yaml").ToList(), null, null, PolicyTestKit.AsOf);
        string path = Path.Combine(_dir, "names.jsonl");
        string unusual = "unusualName" + Guid.NewGuid().ToString("N");
        File.WriteAllText(path, $$"""{"kind":"Account","id":"a","mfaProbe":{"enabledProbe":true},"{{unusual}}":1}""");
        using InventoryReader reader = InventoryReader.Open(path, null);
        InventoryRecord record = reader.ReadRecords(error => throw error).Single();

        string mfa = record.Fields.Keys.Single(k => k == "mfaProbe");
        Assert.Same(FieldNameTable.Register("mfaProbe"), mfa);
        string enabled = ((RecordMap)record.Fields["mfaProbe"]!).Keys.Single();
        Assert.Same(FieldNameTable.Register("enabledProbe"), enabled);

        // A name no policy reads is not added to the table.
        var probe = new string(unusual.ToCharArray());
        Assert.Same(probe, FieldNameTable.Share(probe));
    }
}
