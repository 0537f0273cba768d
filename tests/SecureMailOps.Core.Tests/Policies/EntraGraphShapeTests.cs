using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;
using SecureMailOps.Core.Policies.Sources;
using Xunit;

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// The per-shape mapping of Graph userRegistrationDetails records (records read from JSON, names shared per
/// shape) gives what the field-by-field mapping gives for the same record built field by field: the same
/// names in the same order, the same values of the same types, for every shape variation a real export or a
/// hand-written file may have.
/// </summary>
public sealed class EntraGraphShapeTests
{
    public static TheoryData<string> Records() => new()
    {
        // As the generator and Graph write them.
        """{"id":"00000000-0000-4000-8000-000000000001","userPrincipalName":"user1@contoso.com","userDisplayName":"User 1","userType":"member","isAdmin":false,"isSsprRegistered":true,"isSsprEnabled":true,"isSsprCapable":true,"isMfaRegistered":true,"isMfaCapable":true,"isPasswordlessCapable":false,"isSystemPreferredAuthenticationMethodEnabled":true,"lastUpdatedDateTime":"2026-03-07T00:00:00Z","methodsRegistered":["microsoftAuthenticatorPush","softwareOneTimePasscode","mobilePhone"],"userPreferredMethodForSecondaryAuthentication":"push"}""",

        // No id: the mapping adds one (the UPN) and no objectId.
        """{"userPrincipalName":"a@contoso.com","isMfaRegistered":false,"isAdmin":true,"methodsRegistered":[]}""",

        // Nulls: id, a flag, the timestamp; a guest; a name in another case.
        """{"Id":null,"userPrincipalName":"g@contoso.com","isMfaRegistered":true,"isMfaCapable":null,"userType":"Guest","lastUpdatedDateTime":null,"isSsprCapable":false}""",

        // Flags written as text, methods that repeat or are unknown, a list item that is no text.
        """{"id":"x","userPrincipalName":"t@contoso.com","isMfaRegistered":"true","isMfaCapable":"False","isAdmin":"true","isSsprRegistered":"yes","methodsRegistered":["fido2SecurityKey","passKeyDeviceBound","somethingNew",3,"FIDO2SECURITYKEY"]}""",

        // methodsRegistered that is not a list; a UPN that is a number; no sspr fields at all.
        """{"userPrincipalName":42,"isMfaRegistered":true,"methodsRegistered":"mobilePhone","userPreferredMethodForSecondaryAuthentication":"sms"}""",

        // A record that already has a contract field the mapping writes: mapped field by field either way.
        """{"userPrincipalName":"e@contoso.com","isMfaRegistered":true,"email":"other@contoso.com","type":"x"}""",
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void A_record_mapped_by_its_shape_equals_the_same_record_mapped_field_by_field(string json)
    {
        RecordMap byShape = ReadShared(json);
        RecordMap byField = (RecordMap)JsonRecordConverter.Convert(JsonDocument.Parse(json).RootElement, "test")!;
        Assert.Null(byField.SharedShape);

        Assert.Same(InventorySources.Find("EntraRegistration"), InventorySources.Recognise(byShape, null));
        Assert.Same(InventorySources.Find("EntraRegistration"), InventorySources.Recognise(byField, null));
        AssertSame(byField, byShape, "record");
    }

    [Fact]
    public void Records_of_one_shape_are_mapped_by_position_and_share_the_mapped_names()
    {
        const string Line = """{"id":"1","userPrincipalName":"u@contoso.com","isMfaRegistered":true,"methodsRegistered":["mobilePhone"],"isSsprRegistered":false}""";
        RecordMap[] records = ReadAll(Line + "\n" + Line.Replace("u@", "v@", StringComparison.Ordinal) + "\n");
        Assert.True(EntraGraphShape.TryMap(records[0]));
        Assert.True(EntraGraphShape.TryMap(records[1]));
        Assert.True(records[0].SharesNamesWith(records[1]));
        Assert.True(((RecordMap)records[0]["mfa"]!).SharesNamesWith((RecordMap)records[1]["mfa"]!));
        Assert.Equal("v@contoso.com", records[1]["email"]);
        Assert.Equal(new object?[] { "sms" }, (RecordList)((RecordMap)records[1]["mfa"]!)["methods"]!);
    }

    [Fact]
    public void A_record_whose_names_are_not_shared_is_left_to_the_field_by_field_mapping()
    {
        var record = new RecordMap { ["userPrincipalName"] = "p@contoso.com", ["isMfaRegistered"] = true };
        Assert.False(EntraGraphShape.TryMap(record));
        Assert.Equal(2, record.Count);
    }

    [Fact]
    public void Longer_text_in_lists_is_shared_once_it_repeats_and_read_exactly_whatever_its_length()
    {
        string long49 = new('x', 49);
        const string Line = """{"methodsRegistered":["microsoftAuthenticatorPush","caf\u00e9-authenticator-app-name","LONG"]}""";
        RecordMap[] records = ReadAll(string.Concat(Enumerable.Repeat(Line.Replace("LONG", long49, StringComparison.Ordinal) + "\n", 3)));
        var lists = records.Select(r => (RecordList)r["methodsRegistered"]!).ToArray();
        Assert.All(lists, l => Assert.Equal(new object?[] { "microsoftAuthenticatorPush", "caf\u00e9-authenticator-app-name", long49 }, l));

        // Seen once: decoded, not kept; seen again: kept and shared from then on.
        Assert.NotSame(lists[0][0], lists[1][0]);
        Assert.Same(lists[1][0], lists[2][0]);

        // Escaped or longer than the cache takes: decoded every time.
        Assert.NotSame(lists[1][1], lists[2][1]);
        Assert.NotSame(lists[1][2], lists[2][2]);
    }

    private static RecordMap ReadShared(string json) => ReadAll(json + "\n")[0];

    private static RecordMap[] ReadAll(string lines)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(lines));
        var reader = new JsonLineReader(stream, "test.jsonl");
        var records = new List<RecordMap>();
        while (reader.TryRead(out RecordMap? fields, out var error))
        {
            Assert.Null(error);
            Assert.NotNull(fields!.SharedShape);
            records.Add(fields);
        }

        return records.ToArray();
    }

    private static void AssertSame(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case RecordMap map:
                var other = Assert.IsType<RecordMap>(actual);
                Assert.Equal(map.Keys.ToArray(), other.Keys.ToArray());
                foreach (KeyValuePair<string, object?> field in map)
                {
                    AssertSame(field.Value, other[field.Key], path + "." + field.Key);
                }

                break;
            case RecordList list:
                var items = Assert.IsType<RecordList>(actual);
                Assert.Equal(list.Count, items.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    AssertSame(list[i], items[i], path + "[" + i + "]");
                }

                break;
            case null:
                Assert.Null(actual);
                break;
            default:
                Assert.True(actual is not null && expected.GetType() == actual.GetType() && expected.Equals(actual), path + ": expected " + expected + " (" + expected.GetType().Name + "), got " + actual + " (" + actual?.GetType().Name + ")");
                break;
        }
    }
}
