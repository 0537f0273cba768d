using System.Text.Json.Serialization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>One record (account, device or connection) and its findings by outcome.</summary>
public sealed class TargetSummary
{
    [JsonConstructor]
    internal TargetSummary(TargetKind kind, string name, OutcomeCounts counts)
    {
        Kind = kind;
        Name = name;
        Counts = counts;
    }

    /// <summary>Gets the record's kind.</summary>
    public TargetKind Kind { get; }

    /// <summary>Gets the record's id.</summary>
    public string Name { get; }

    /// <summary>Gets the counts by outcome.</summary>
    public OutcomeCounts Counts { get; }

    /// <inheritdoc />
    public override string ToString() => Kind + " " + Name + ": " + Counts;
}
