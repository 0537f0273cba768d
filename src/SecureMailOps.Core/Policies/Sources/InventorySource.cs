using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// An adapter from a documented external shape (a Microsoft Graph, Google Directory API or Exchange Online
/// record, as a response page, a CSV download or the objects their PowerShell modules return) to the
/// module's inventory contract (docs/inventory-fields.md). It is recognised by fields the shape always has;
/// the fields it maps are added beside the original ones, which stay readable by rules. It declares the
/// contract fields it carries, so a rule reading one it does not carry is NotApplicable, not Fail.
/// See docs/inventory-sources.md.
/// </summary>
internal sealed class InventorySource
{
    private readonly Func<RecordMap, bool> _matches;
    private readonly HashSet<string> _carries;

    public InventorySource(string name, TargetKind kind, Func<RecordMap, bool> matches, Action<RecordMap> map, IEnumerable<string> carries, IReadOnlyList<string>? reads)
    {
        Name = name;
        Reads = reads;
        Kind = kind;
        _matches = matches;
        Map = map;
        _carries = new HashSet<string>(carries, StringComparer.OrdinalIgnoreCase) { InventorySources.SourceField };
    }

    /// <summary>Gets the name -Source takes and provenance shows.</summary>
    public string Name { get; }

    /// <summary>Gets the kind of the records the source gives.</summary>
    public TargetKind Kind { get; }

    /// <summary>Gets the mapping: reads the original fields, writes the contract's beside them.</summary>
    public Action<RecordMap> Map { get; }

    /// <summary>Gets the source's bit in a record's source mask (its index in <see cref="InventorySources.All"/>).</summary>
    public int Bit { get; internal set; }

    /// <summary>
    /// Gets a value indicating whether the source's records are organisation-wide settings (Get-TransportConfig)
    /// that only give defaults to the records they are merged with; they are never evaluated themselves.
    /// </summary>
    public bool IsOrganizationSetting { get; set; }

    /// <summary>
    /// Gets the top-level fields of a record in the source's shape that recognising and mapping it read (as
    /// the source names them), or null when the source finds its fields by normalised column names (any
    /// spelling) and so may read any field.
    /// </summary>
    public IReadOnlyList<string>? Reads { get; }

    /// <summary>Gets the contract fields the source carries (dotted paths).</summary>
    public IReadOnlyCollection<string> Carries => _carries;

    /// <summary>Tells whether a record has the source's shape.</summary>
    public bool Matches(RecordMap fields) => _matches(fields);

    /// <summary>
    /// Tells whether the source carries a field path (without list indexes): the path itself, a field
    /// inside it (reading <c>mfa</c> when it carries <c>mfa.enabled</c>) or a field it is inside.
    /// </summary>
    public bool CarriesField(string path) =>
        _carries.Contains(path) || _carries.Any(c => IsInside(c, path) || IsInside(path, c));

    /// <summary>Tells whether <paramref name="inner"/> is a field inside <paramref name="outer"/>.</summary>
    internal static bool IsInside(string inner, string outer) =>
        inner.Length > outer.Length && inner[outer.Length] == '.' && inner.StartsWith(outer, StringComparison.OrdinalIgnoreCase);
}
