using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// One level of an inventory record: field names (case-insensitive, as PowerShell users expect)
/// to values. Values are null, string, bool, long, double, DateTimeOffset, a nested
/// <see cref="RecordMap"/>, or a <see cref="RecordList"/>. Being a dictionary, it reads naturally in
/// PowerShell (<c>$record.Fields.mfa.enabled</c>).
/// </summary>
public sealed class RecordMap : Dictionary<string, object?>
{
    /// <summary>Creates an empty map.</summary>
    public RecordMap()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>Creates an empty map with room for some fields.</summary>
    /// <param name="capacity">The expected number of fields.</param>
    public RecordMap(int capacity)
        : base(capacity, StringComparer.OrdinalIgnoreCase)
    {
    }
}
