using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using SecureMailOps.Core.Policies.Sources;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Which top-level fields of a record the JSON readers build when the caller knows what will read them (a
/// compiled policy): the fields the policies read, the fields every record is looked up by (<c>kind</c>,
/// <c>id</c>, <c>name</c>, <c>email</c>, <c>AdditionalProperties</c>), and the fields the sources read to
/// recognise and map a record (only the named source's with <c>-Source</c>; every source's otherwise, and
/// for a source that finds its columns by normalised names, every name that normalises to one of them).
/// Any other field's value is still read and checked (malformed JSON or text is an error as before) but never
/// converted, and the field is absent from the record. Names compare case-insensitively, as records do.
/// Not thread-safe: one per reader.
/// </summary>
internal sealed class FieldSelection
{
    private const int MemoSlots = 128;
    private readonly HashSet<string> _names;
    private readonly HashSet<string>? _normalized;

    // Readers hand out one string per distinct name, so the decision is remembered by reference.
    private readonly string?[] _memoNames = new string?[MemoSlots];
    private readonly bool[] _memoKeeps = new bool[MemoSlots];

    private FieldSelection(HashSet<string> names, HashSet<string>? normalized)
    {
        _names = names;
        _normalized = normalized;
    }

    /// <summary>Makes the selection for a reader, or null (every field) when nothing says what will be read.</summary>
    /// <param name="fieldsRead">The dotted field paths the policies read, or null when they are not known (every field is kept).</param>
    /// <param name="forced">The source -Source names, or null when records are recognised by their shape.</param>
    /// <returns>The selection, or null.</returns>
    public static FieldSelection? For(IEnumerable<string>? fieldsRead, InventorySource? forced)
    {
        if (fieldsRead is null)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { InventorySources.SourceField };
        foreach (string path in fieldsRead)
        {
            int dot = path.IndexOf('.');
            names.Add(dot < 0 ? path : path.Substring(0, dot));
        }

        names.UnionWith(InventorySources.CommonReads);
        HashSet<string>? normalized = null;
        foreach (InventorySource source in forced is null ? InventorySources.All : new[] { forced })
        {
            if (source.Reads is not null)
            {
                names.UnionWith(source.Reads);
            }
            else
            {
                normalized ??= new HashSet<string>(StringComparer.Ordinal);
                normalized.UnionWith(EntraRegistrationMapping.DownloadColumns);
            }
        }

        return new FieldSelection(names, normalized);
    }

    /// <summary>Gets the names kept (for tests and messages).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>Tells whether a top-level field's value is built.</summary>
    /// <param name="name">The field name as read.</param>
    /// <returns>True to build it, false to skip it.</returns>
    public bool Keeps(string name)
    {
        int slot = RuntimeHelpers.GetHashCode(name) & (MemoSlots - 1);
        if (ReferenceEquals(_memoNames[slot], name))
        {
            return _memoKeeps[slot];
        }

        bool keeps = _names.Contains(name) || (_normalized is not null && _normalized.Contains(SourceFields.Normalize(name)));
        _memoNames[slot] = name;
        _memoKeeps[slot] = keeps;
        return keeps;
    }

    /// <summary>Lists the kept names, sorted (for messages).</summary>
    /// <returns>The names.</returns>
    public override string ToString() => string.Join(", ", _names.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
}
