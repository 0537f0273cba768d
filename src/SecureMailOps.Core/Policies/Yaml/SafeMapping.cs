using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>A mapping node; keys are scalars and unique (the reader refuses duplicates).</summary>
internal sealed class SafeMapping : SafeNode
{
    public SafeMapping(int line, int column)
        : base(line, column)
    {
    }

    public List<KeyValuePair<SafeScalar, SafeNode>> Entries { get; } = new();

    public override string ShapeName => "a mapping";

    public SafeNode? Get(string key)
    {
        foreach (KeyValuePair<SafeScalar, SafeNode> entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, System.StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }
}
