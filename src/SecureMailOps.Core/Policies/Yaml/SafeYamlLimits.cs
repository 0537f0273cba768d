namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>Bounds that make a hostile YAML file fail fast instead of eating memory or time.</summary>
internal sealed class SafeYamlLimits
{
    /// <summary>Limits for policy and waiver files: small, hand-written documents.</summary>
    public static readonly SafeYamlLimits Policy = new(maxFileBytes: 4L * 1024 * 1024, maxDepth: 64, maxNodes: 200_000, maxScalarLength: 64 * 1024);

    /// <summary>Limits for YAML inventories: larger, generated documents.</summary>
    public static readonly SafeYamlLimits Inventory = new(maxFileBytes: 128L * 1024 * 1024, maxDepth: 64, maxNodes: 50_000_000, maxScalarLength: 1024 * 1024);

    public SafeYamlLimits(long maxFileBytes, int maxDepth, long maxNodes, int maxScalarLength)
    {
        MaxFileBytes = maxFileBytes;
        MaxDepth = maxDepth;
        MaxNodes = maxNodes;
        MaxScalarLength = maxScalarLength;
    }

    public long MaxFileBytes { get; }

    public int MaxDepth { get; }

    /// <summary>Gets the most nodes one document may stand for once aliases are expanded.</summary>
    public long MaxNodes { get; }

    public int MaxScalarLength { get; }
}
