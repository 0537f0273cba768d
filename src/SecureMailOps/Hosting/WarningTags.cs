namespace SecureMailOps.Hosting;

/// <summary>
/// The tags of the InformationRecord that accompanies each warning with a stable id (docs/inventory-sources.md,
/// "Warnings scripts can filter"): <see cref="Module"/>, <see cref="Warning"/> and the id itself.
/// </summary>
internal static class WarningTags
{
    /// <summary>Names the module, so its records can be told from other modules'.</summary>
    public const string Module = "SecureMailOps";

    /// <summary>Marks the record as a warning's machine-readable twin.</summary>
    public const string Warning = "Warning";
}
