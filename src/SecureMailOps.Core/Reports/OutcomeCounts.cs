using System.Text.Json.Serialization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>How many findings had each outcome.</summary>
public sealed class OutcomeCounts
{
    /// <summary>Gets the number of passes.</summary>
    [JsonInclude]
    public long Pass { get; internal set; }

    /// <summary>Gets the number of failures.</summary>
    [JsonInclude]
    public long Fail { get; internal set; }

    /// <summary>Gets the number of waived failures.</summary>
    [JsonInclude]
    public long Waived { get; internal set; }

    /// <summary>Gets the number of findings whose rule did not apply.</summary>
    [JsonInclude]
    public long NotApplicable { get; internal set; }

    /// <summary>Gets the number of findings that could not be evaluated.</summary>
    [JsonInclude]
    public long Error { get; internal set; }

    /// <summary>Gets the number of findings.</summary>
    [JsonIgnore]
    public long Total => Pass + Fail + Waived + NotApplicable + Error;

    /// <summary>Gets the number of failures and errors (what a gate stops on).</summary>
    [JsonIgnore]
    public long Failing => Fail + Error;

    /// <summary>Gets the count for one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Of(FindingOutcome outcome) => outcome switch
    {
        FindingOutcome.Pass => Pass,
        FindingOutcome.Fail => Fail,
        FindingOutcome.Waived => Waived,
        FindingOutcome.NotApplicable => NotApplicable,
        _ => Error,
    };

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} pass, {1} fail, {2} waived, {3} n/a, {4} error", Pass, Fail, Waived, NotApplicable, Error);

    internal void Add(FindingOutcome outcome)
    {
        switch (outcome)
        {
            case FindingOutcome.Pass:
                Pass++;
                break;
            case FindingOutcome.Fail:
                Fail++;
                break;
            case FindingOutcome.Waived:
                Waived++;
                break;
            case FindingOutcome.NotApplicable:
                NotApplicable++;
                break;
            default:
                Error++;
                break;
        }
    }
}
