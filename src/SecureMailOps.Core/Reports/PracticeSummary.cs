using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>The findings of the rules that check one of the 17 practices.</summary>
public sealed class PracticeSummary
{
    [JsonConstructor]
    internal PracticeSummary(int number, string title, OutcomeCounts counts, IReadOnlyList<long> failingBySeverity)
    {
        Number = number;
        Title = title;
        Counts = counts;
        FailingBySeverity = failingBySeverity;
    }

    /// <summary>Gets the practice number (1-17).</summary>
    public int Number { get; }

    /// <summary>Gets the practice's title.</summary>
    public string Title { get; }

    /// <summary>Gets the counts by outcome (a finding of a rule with two practices counts in both).</summary>
    public OutcomeCounts Counts { get; }

    /// <summary>Gets the failures and errors by severity, indexed Info (0) to Critical (4).</summary>
    public IReadOnlyList<long> FailingBySeverity { get; }

    /// <inheritdoc />
    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " + Title + ": " + Counts;
}
