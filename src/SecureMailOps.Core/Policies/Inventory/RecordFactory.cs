using System;
using System.Globalization;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>Gives a record its kind (its <c>kind</c> field, else the default) and its id (<c>id</c>, else <c>name</c>, else <c>email</c>, else its source).</summary>
internal static class RecordFactory
{
    public static InventoryRecord Create(RecordMap fields, TargetKind? defaultKind, string source)
    {
        TargetKind kind = ResolveKind(fields, defaultKind, source, null, 0);
        return new InventoryRecord(kind, IdOf(fields) ?? source, fields, source);
    }

    /// <summary>
    /// Makes a record read from line <paramref name="line"/> of a file. Its source text (file:line) is
    /// built only when needed (an error, a record without an id, or someone reading it): millions of
    /// records are read and most never show it.
    /// </summary>
    public static InventoryRecord Create(RecordMap fields, TargetKind? defaultKind, string path, int line)
    {
        TargetKind kind = ResolveKind(fields, defaultKind, null, path, line);
        string? id = IdOf(fields);
        if (id is null)
        {
            string source = InventoryRecord.Place(path, line);
            return new InventoryRecord(kind, source, fields, source);
        }

        return new InventoryRecord(kind, id, fields, path, line);
    }

    private static TargetKind ResolveKind(RecordMap fields, TargetKind? defaultKind, string? source, string? path, int line)
    {
        if (fields.TryGetValue("kind", out object? kindValue) && kindValue is not null)
        {
            if (TryParseKind(kindValue as string, out TargetKind kind))
            {
                return kind;
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
            source + ": the record has no 'kind' field; add one (Account, Device or Connection) or pass -Kind.", source);
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
