using System;
using System.Globalization;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Accepts a known failure of one rule for matching targets until an expiry date. The target is the
/// record id, or a pattern with * and ? wildcards (case-insensitive). From <see cref="Expires"/> on,
/// the failure is reported again (and a warning says the waiver has expired).
/// </summary>
public sealed class PolicyWaiver
{
    internal PolicyWaiver(string ruleId, string target, string reason, DateTimeOffset expires, string? path, int line, int column)
    {
        RuleId = ruleId;
        Target = target;
        Reason = reason;
        Expires = expires;
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>Gets the id of the rule waived.</summary>
    public string RuleId { get; }

    /// <summary>Gets the target id or wildcard pattern.</summary>
    public string Target { get; }

    /// <summary>Gets why the failure is accepted.</summary>
    public string Reason { get; }

    /// <summary>Gets the instant the waiver stops applying (a date alone means the start of that day, UTC).</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>Gets the file that declares it.</summary>
    public string? Path { get; }

    /// <summary>Gets the line of the declaration.</summary>
    public int Line { get; }

    /// <summary>Gets the column of the declaration.</summary>
    public int Column { get; }

    /// <inheritdoc />
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} on {1} until {2:yyyy-MM-dd}", RuleId, Target, Expires);
}
