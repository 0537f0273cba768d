using System;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>
/// Bounds that make a hostile YAML file fail fast instead of eating memory or time. The node budget is
/// one per file (never reset at a <c>---</c> document start) and grows with the file's size: what a
/// file stands for once its aliases are expanded stays within a small multiple of what it holds.
/// </summary>
internal sealed class SafeYamlLimits
{
    /// <summary>Limits for policy and waiver files: small, hand-written documents (a fixed budget).</summary>
    public static readonly SafeYamlLimits Policy = new(maxFileBytes: 4L * 1024 * 1024, maxDepth: 64, baseNodes: 200_000, nodesPerByte: 0, maxScalarLength: 64 * 1024);

    /// <summary>
    /// Limits for YAML inventories: larger, generated documents. A node takes at least two bytes of
    /// YAML ("x,"), so a file without aliases stays within half its budget; records may share anchors
    /// with the other half (about one expanded node per byte of the file beyond what it writes out).
    /// </summary>
    public static readonly SafeYamlLimits Inventory = new(maxFileBytes: 128L * 1024 * 1024, maxDepth: 64, baseNodes: 10_000, nodesPerByte: 2, maxScalarLength: 1024 * 1024);

    public SafeYamlLimits(long maxFileBytes, int maxDepth, long baseNodes, int nodesPerByte, int maxScalarLength)
    {
        MaxFileBytes = maxFileBytes;
        MaxDepth = maxDepth;
        BaseNodes = baseNodes;
        NodesPerByte = nodesPerByte;
        MaxScalarLength = maxScalarLength;
    }

    public long MaxFileBytes { get; }

    public int MaxDepth { get; }

    /// <summary>Gets the nodes any file may stand for, however small.</summary>
    public long BaseNodes { get; }

    /// <summary>Gets the further nodes each byte (or character) of the file allows.</summary>
    public int NodesPerByte { get; }

    public int MaxScalarLength { get; }

    /// <summary>Gets the most nodes a whole file of <paramref name="length"/> bytes may stand for once aliases are expanded.</summary>
    /// <param name="length">The file's length in bytes (or the text's in characters).</param>
    /// <returns>The budget, for all of the file's documents together.</returns>
    public long NodeBudget(long length) => BaseNodes + (NodesPerByte * Math.Max(0, Math.Min(length, MaxFileBytes)));
}
