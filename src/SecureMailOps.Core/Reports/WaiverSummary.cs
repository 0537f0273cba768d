using System;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>A waiver that applied to findings in the report, or that has expired and no longer does.</summary>
public sealed class WaiverSummary
{
    [JsonConstructor]
    internal WaiverSummary(string ruleId, string target, string reason, DateTimeOffset expires, bool expired, long findings, string? path, int line)
    {
        RuleId = ruleId;
        Target = target;
        Reason = reason;
        Expires = expires;
        Expired = expired;
        Findings = findings;
        Path = path;
        Line = line;
    }

    /// <summary>Gets the waived rule.</summary>
    public string RuleId { get; }

    /// <summary>Gets the target id or pattern.</summary>
    public string Target { get; }

    /// <summary>Gets why the failure is accepted.</summary>
    public string Reason { get; }

    /// <summary>Gets when the waiver stops applying.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>Gets a value indicating whether the waiver had expired at the evaluation time (its findings fail again).</summary>
    public bool Expired { get; }

    /// <summary>Gets how many findings it covered (or, expired, would have covered).</summary>
    public long Findings { get; }

    /// <summary>Gets the file that declares it.</summary>
    public string? Path { get; }

    /// <summary>Gets the line of the declaration.</summary>
    public int Line { get; }

    /// <inheritdoc />
    public override string ToString() => RuleId + " on " + Target + (Expired ? " (expired)" : string.Empty);
}
