using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>A list value inside an inventory record (for example <c>mfa.methods</c>).</summary>
public sealed class RecordList : List<object?>
{
    /// <summary>Creates an empty list.</summary>
    public RecordList()
    {
    }

    /// <summary>Creates a list from values.</summary>
    /// <param name="values">The values.</param>
    public RecordList(IEnumerable<object?> values)
        : base(values)
    {
    }
}
