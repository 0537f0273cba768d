namespace SecureMailOps.Core.Policies;

/// <summary>Where a record, or a field of a merged record, came from: its source and its place (file:line, or "input #n").</summary>
public sealed class RecordOrigin
{
    /// <summary>Creates an origin.</summary>
    /// <param name="source">The inventory source (docs/inventory-sources.md), or null for the native contract.</param>
    /// <param name="place">The file and line, or the pipeline position.</param>
    public RecordOrigin(string? source, string? place)
    {
        Source = source;
        Place = place;
    }

    /// <summary>Gets the inventory source's name, or null for records in the native contract.</summary>
    public string? Source { get; }

    /// <summary>Gets the file and line (or pipeline position) the value was read from.</summary>
    public string? Place { get; }

    /// <inheritdoc />
    public override string ToString() => Source is null ? Place ?? string.Empty : Place is null ? Source : Source + " (" + Place + ")";
}
