using System.Text.Json.Serialization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>The findings of the rules of one severity.</summary>
public sealed class SeveritySummary
{
    [JsonConstructor]
    internal SeveritySummary(Severity severity, OutcomeCounts counts)
    {
        Severity = severity;
        Counts = counts;
    }

    /// <summary>Gets the severity.</summary>
    public Severity Severity { get; }

    /// <summary>Gets the counts by outcome.</summary>
    public OutcomeCounts Counts { get; }

    /// <inheritdoc />
    public override string ToString() => Severity + ": " + Counts;
}
