namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>A scalar; <see cref="IsPlain"/> says whether YAML's core schema may type it (true, 42, null).</summary>
internal sealed class SafeScalar : SafeNode
{
    public SafeScalar(string value, bool isPlain, int line, int column)
        : base(line, column)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    public bool IsPlain { get; }

    public override string ShapeName => "a scalar";

    /// <summary>Gets a value indicating whether this is YAML null (an empty plain scalar, ~ or null).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}
