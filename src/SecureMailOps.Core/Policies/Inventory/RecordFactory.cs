using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Evaluation;
using SecureMailOps.Core.Policies.Sources;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>Gives a record its kind (its <c>kind</c> field, else the default) and its id (<c>id</c>, else <c>name</c>, else <c>email</c>, else its source).</summary>
internal static class RecordFactory
{
    public static InventoryRecord Create(RecordMap fields, TargetKind? defaultKind, string source) => Create(fields, defaultKind, source, null);

    /// <summary>Makes a record; <paramref name="forced"/> (from -Source) reads it as that source whatever its shape.</summary>
    public static InventoryRecord Create(RecordMap fields, TargetKind? defaultKind, string source, InventorySource? forced)
    {
        TargetKind kind = ResolveKind(fields, defaultKind, source, null, 0, forced, out InventorySource? from);
        return Mark(new InventoryRecord(kind, IdOf(fields) ?? source, fields, source), from);
    }

    /// <summary>
    /// Makes a record read from line <paramref name="line"/> of a file. Its source text (file:line) is
    /// built only when needed (an error, a record without an id, or someone reading it): millions of
    /// records are read and most never show it.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    public static InventoryRecord Create(RecordMap fields, TargetKind? defaultKind, string path, int line, InventorySource? forced)
    {
        TargetKind kind = ResolveKind(fields, defaultKind, null, path, line, forced, out InventorySource? from);
        string? id = IdOf(fields);
        if (id is null)
        {
            string source = InventoryRecord.Place(path, line);
            return Mark(new InventoryRecord(kind, source, fields, source), from);
        }

        return Mark(new InventoryRecord(kind, id, fields, path, line), from);
    }

    private static InventoryRecord Mark(InventoryRecord record, InventorySource? from)
    {
        if (from is not null)
        {
            record.SourceMask = 1 << from.Bit;
            record.IsOrganizationSetting = from.IsOrganizationSetting;
        }

        return record;
    }

    [MethodImpl(HotPath.Optimize)]
    private static TargetKind ResolveKind(RecordMap fields, TargetKind? defaultKind, string? source, string? path, int line, InventorySource? forced, out InventorySource? from)
    {
        from = null;
        object? kindValue = null;
        if (forced is not null || !fields.TryGetValue("kind", out kindValue) || kindValue is null)
        {
            // No kind (or -Source): a record of a known source is recognised by its shape (or read as the one named) and mapped.
            from = InventorySources.Recognise(fields, forced);
            if (from is not null)
            {
                return from.Kind;
            }

            kindValue = null;
        }

        if (kindValue is not null)
        {
            if (TryParseKind(kindValue as string, out TargetKind kind))
            {
                return kind;
            }

            // An API's own kind (Google's "admin#directory#user") is no record kind: the shape decides.
            from = InventorySources.Recognise(fields, null);
            if (from is not null)
            {
                return from.Kind;
            }

            source ??= InventoryRecord.Place(path!, line);
            throw new SecureMailOpsException(PolicyErrorIds.InventoryKind, FailureKind.InvalidData,
                source + ": the kind " + ValueCoercion.Describe(kindValue) + " is not " + KindList + NameSuggester.Suggest(Convert.ToString(kindValue, CultureInfo.InvariantCulture) ?? string.Empty, Kinds) + ".", source);
        }

        if (defaultKind is not null)
        {
            return defaultKind.Value;
        }

        source ??= InventoryRecord.Place(path!, line);
        throw new SecureMailOpsException(PolicyErrorIds.InventoryKind, FailureKind.InvalidData,
            source + ": the record has no 'kind' field; add one (" + KindList + ") or pass -Kind; nor has it the shape of a known source ("
            + string.Join(", ", InventorySources.Names) + ").", source);
    }

    public static bool TryParseKind(string? text, out TargetKind kind)
    {
        kind = TargetKind.Account;
        if (text is null)
        {
            return false;
        }

        for (int i = 0; i < Kinds.Length; i++)
        {
            string name = Kinds[i];
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase)
                || (text.Length == name.Length + 1 && text.EndsWith("s", StringComparison.OrdinalIgnoreCase) && text.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            {
                kind = KindValues[i];
                return true;
            }
        }

        return false;
    }

    // Looked up per record, so no Enum.Parse and no "Accounts" string per call; the names come from the enum.
    private static readonly TargetKind[] KindValues = (TargetKind[])Enum.GetValues(typeof(TargetKind));

    private static readonly string[] Kinds = Array.ConvertAll(KindValues, k => k.ToString());

    private static readonly string KindList = string.Join(", ", Kinds, 0, Kinds.Length - 1) + " or " + Kinds[Kinds.Length - 1];

    [MethodImpl(HotPath.Optimize)]
    private static string? IdOf(RecordMap fields)
    {
        foreach (string key in IdFields)
        {
            if (fields.TryGetValue(key, out object? value) && value is not null and not RecordMap and not RecordList
                && ValueCoercion.TryText(value, out string text) && text.Length > 0)
            {
                return text;
            }
        }

        return null;
    }

    private static readonly string[] IdFields = { "id", "name", "email" };
}
