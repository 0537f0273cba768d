using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>Where records came from: an inventory file, or the pipeline.</summary>
public sealed class InventorySourceSummary
{
    /// <summary>The name used for records that came from the pipeline rather than a file.</summary>
    public const string Pipeline = "(pipeline)";

    [JsonConstructor]
    internal InventorySourceSummary(string file, long targets, long findings)
    {
        File = file;
        Targets = targets;
        Findings = findings;
    }

    /// <summary>Gets the inventory file, or "(pipeline)".</summary>
    public string File { get; }

    /// <summary>Gets how many distinct records from it produced findings.</summary>
    public long Targets { get; }

    /// <summary>Gets how many findings its records produced.</summary>
    public long Findings { get; }

    /// <inheritdoc />
    public override string ToString() => File;
}
