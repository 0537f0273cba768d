using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>One CSV column: its dotted path (mfa.enabled) and whether it holds a ';'-separated list (name ends in []).</summary>
internal sealed class CsvColumn
{
    private static readonly char[] ListSeparator = { ';' };

    private CsvColumn(string[] parts, bool isList)
    {
        Parts = parts;
        IsList = isList;
    }

    public string[] Parts { get; }

    public bool IsList { get; }

    public static CsvColumn[] FromHeader(List<string> header, string path)
    {
        var columns = new CsvColumn[header.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i].Trim();
            bool isList = name.EndsWith("[]", StringComparison.Ordinal);
            string dotted = isList ? name.Substring(0, name.Length - 2) : name;
            string[] parts = dotted.Split('.');
            if (dotted.Length == 0 || parts.Any(p => p.Length == 0) || !seen.Add(dotted))
            {
                throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                    path + ":1: the column " + (i + 1).ToString(CultureInfo.InvariantCulture) + " name '" + header[i] + "' is empty, malformed or repeated.", path);
            }

            columns[i] = new CsvColumn(parts, isList);
        }

        return columns;
    }

    public void Set(RecordMap record, string cell, string source)
    {
        RecordMap current = record;
        for (int i = 0; i < Parts.Length - 1; i++)
        {
            if (!current.TryGetValue(Parts[i], out object? next))
            {
                next = new RecordMap();
                current[Parts[i]] = next;
            }

            current = next as RecordMap ?? throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                source + ": the column '" + string.Join(".", Parts) + "' nests under '" + Parts[i] + "', which another column sets to a value.", source);
        }

        string last = Parts[Parts.Length - 1];
        if (current.TryGetValue(last, out object? existing) && existing is RecordMap)
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                source + ": the column '" + string.Join(".", Parts) + "' is also a parent of other columns.", source);
        }

        current[last] = IsList
            ? new RecordList(cell.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries).Select(s => (object?)s.Trim()).Where(s => ((string)s!).Length > 0))
            : cell;
    }
}
