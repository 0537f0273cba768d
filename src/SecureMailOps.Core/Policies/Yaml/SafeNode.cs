namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>A YAML node with its position, as built by <see cref="SafeYamlReader"/>.</summary>
internal abstract class SafeNode
{
    protected SafeNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Gets or sets the number of nodes this node stands for once aliases are expanded.</summary>
    public long Weight { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether an alias names this node (so it appears more than once).</summary>
    public bool IsShared { get; set; }

    /// <summary>Gets a short name of the node's shape for error messages.</summary>
    public abstract string ShapeName { get; }
}
