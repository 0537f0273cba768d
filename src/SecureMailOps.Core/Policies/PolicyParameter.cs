namespace SecureMailOps.Core.Policies;

/// <summary>A named, typed value a policy declares with a default and rules reference; overridable per evaluation.</summary>
public sealed class PolicyParameter
{
    internal PolicyParameter(string name, string type, object? defaultValue, string? description, string? path, int line, int column)
    {
        Name = name;
        Type = type;
        DefaultValue = defaultValue;
        Description = description;
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>Gets the parameter name.</summary>
    public string Name { get; }

    /// <summary>Gets the type: string, number, boolean, duration, date or list.</summary>
    public string Type { get; }

    /// <summary>Gets the default value, typed (double, bool, TimeSpan, DateTimeOffset, string or a list).</summary>
    public object? DefaultValue { get; }

    /// <summary>Gets what the parameter controls.</summary>
    public string? Description { get; }

    /// <summary>Gets the file that declares it.</summary>
    public string? Path { get; }

    /// <summary>Gets the line of the declaration.</summary>
    public int Line { get; }

    /// <summary>Gets the column of the declaration.</summary>
    public int Column { get; }

    /// <inheritdoc />
    public override string ToString() => Name + " (" + Type + ")";
}
