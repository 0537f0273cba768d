namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>One step of a field path: a name, or (when <see cref="Name"/> is null) a list index.</summary>
internal readonly struct FieldPathSegment
{
    public FieldPathSegment(string? name, int index)
    {
        // Shared with the names inventory readers produce, so a record look-up compares references.
        Name = name is null ? null : FieldNameTable.Register(name);
        Index = index;
    }

    public string? Name { get; }

    public int Index { get; }
}
