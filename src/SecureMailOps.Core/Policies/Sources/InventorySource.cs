using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// An adapter from a documented external shape (a Microsoft Graph or Google Directory API record, as a
/// response page or as the objects their PowerShell modules return) to the module's inventory contract
/// (docs/inventory-fields.md). It is recognised by fields the shape always has; the fields it maps are
/// added beside the original ones, which stay readable by rules. See docs/inventory-sources.md.
/// </summary>
internal sealed class InventorySource
{
    public InventorySource(string name, TargetKind kind, IReadOnlyList<string> signature, Action<RecordMap, RecordMap> map)
    {
        Name = name;
        Kind = kind;
        Signature = signature;
        Map = map;
    }

    /// <summary>Gets the name -Source takes and provenance shows.</summary>
    public string Name { get; }

    /// <summary>Gets the kind of the records the source gives.</summary>
    public TargetKind Kind { get; }

    /// <summary>Gets the fields every record of the source has (case-insensitive).</summary>
    public IReadOnlyList<string> Signature { get; }

    /// <summary>Gets the mapping: reads the original fields (first), writes the contract's (second).</summary>
    public Action<RecordMap, RecordMap> Map { get; }

    /// <summary>Tells whether a record has the source's shape.</summary>
    public bool Matches(RecordMap fields)
    {
        foreach (string name in Signature)
        {
            if (!fields.ContainsKey(name))
            {
                return false;
            }
        }

        return true;
    }
}
