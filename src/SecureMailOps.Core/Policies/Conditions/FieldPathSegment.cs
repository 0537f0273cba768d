namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>One step of a field path: a name, or (when <see cref="Name"/> is null) a list index.</summary>
internal readonly struct FieldPathSegment
{
    public FieldPathSegment(string? name, int index)
    {
        Name = name;
        Index = index;
    }

    public string? Name { get; }

    public int Index { get; }
}
