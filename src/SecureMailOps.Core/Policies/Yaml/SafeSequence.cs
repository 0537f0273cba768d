using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>A sequence node.</summary>
internal sealed class SafeSequence : SafeNode
{
    public SafeSequence(int line, int column)
        : base(line, column)
    {
    }

    public List<SafeNode> Items { get; } = new();

    public override string ShapeName => "a list";
}
