using System.Collections.Generic;
using System.Text.Json.Serialization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>One rule as a report shows it: what it checks, how to fix it, and its findings by outcome.</summary>
public sealed class RuleSummary
{
    [JsonConstructor]
    internal RuleSummary(string ruleId, string title, string? description, string policyName, Severity severity, IReadOnlyList<int> practices, string remediation, IReadOnlyList<string> references, string? path, int line, OutcomeCounts counts)
    {
        RuleId = ruleId;
        Title = title;
        Description = description;
        PolicyName = policyName;
        Severity = severity;
        Practices = practices;
        Remediation = remediation;
        References = references;
        Path = path;
        Line = line;
        Counts = counts;
    }

    /// <summary>Gets the rule id.</summary>
    public string RuleId { get; }

    /// <summary>Gets the rule's title.</summary>
    public string Title { get; }

    /// <summary>Gets the rule's description, or null.</summary>
    public string? Description { get; }

    /// <summary>Gets the policy that holds the rule.</summary>
    public string PolicyName { get; }

    /// <summary>Gets the severity of a failure.</summary>
    public Severity Severity { get; }

    /// <summary>Gets the practices the rule checks.</summary>
    public IReadOnlyList<int> Practices { get; }

    /// <summary>Gets what to do about a failure.</summary>
    public string Remediation { get; }

    /// <summary>Gets the rule's references.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Gets the policy file, or null.</summary>
    public string? Path { get; }

    /// <summary>Gets the line the rule starts on.</summary>
    public int Line { get; }

    /// <summary>Gets the counts by outcome.</summary>
    public OutcomeCounts Counts { get; }

    /// <inheritdoc />
    public override string ToString() => RuleId + ": " + Counts;
}
