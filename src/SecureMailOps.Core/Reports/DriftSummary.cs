using System;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>How this run compares with a baseline report (a JSON report of an earlier run).</summary>
public sealed class DriftSummary
{
    [JsonConstructor]
    internal DriftSummary(string baseline, DateTimeOffset? baselineGeneratedAt, long @new, long @fixed, long stillFailing, long unchanged, long gone)
    {
        Baseline = baseline;
        BaselineGeneratedAt = baselineGeneratedAt;
        New = @new;
        Fixed = @fixed;
        StillFailing = stillFailing;
        Unchanged = unchanged;
        Gone = gone;
    }

    /// <summary>Gets the baseline file.</summary>
    public string Baseline { get; }

    /// <summary>Gets when the baseline report was written.</summary>
    public DateTimeOffset? BaselineGeneratedAt { get; }

    /// <summary>Gets the findings failing now that were not failing (or not there) before.</summary>
    public long New { get; }

    /// <summary>Gets the findings failing before that are not failing now, including those whose rule x target is gone.</summary>
    public long Fixed { get; }

    /// <summary>Gets the findings failing before and now.</summary>
    public long StillFailing { get; }

    /// <summary>Gets the findings not failing before or now.</summary>
    public long Unchanged { get; }

    /// <summary>Gets the baseline findings whose rule x target was not evaluated this time (those that failed count as Fixed too).</summary>
    public long Gone { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} new, {1} fixed, {2} still failing, {3} unchanged", New, Fixed, StillFailing, Unchanged);
}
