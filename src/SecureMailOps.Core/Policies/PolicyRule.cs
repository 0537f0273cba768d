using System.Collections.Generic;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies;

/// <summary>One rule of a policy: what it checks, on which kind of record, how serious a failure is and how to fix it.</summary>
public sealed class PolicyRule
{
    internal PolicyRule(
        string id,
        string title,
        string? description,
        Severity severity,
        IReadOnlyList<int> practices,
        TargetKind target,
        ConditionNode? when,
        ConditionNode condition,
        string remediation,
        IReadOnlyList<string> references,
        string policyName,
        string? path,
        int line,
        int column)
    {
        Id = id;
        Title = title;
        Description = description;
        Severity = severity;
        Practices = practices;
        Target = target;
        When = when;
        Condition = condition;
        Remediation = remediation;
        References = references;
        PolicyName = policyName;
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>Gets the rule id (unique across the policies evaluated together).</summary>
    public string Id { get; }

    /// <summary>Gets the one-line title.</summary>
    public string Title { get; }

    /// <summary>Gets the longer description, or null.</summary>
    public string? Description { get; }

    /// <summary>Gets the severity of a failure.</summary>
    public Severity Severity { get; }

    /// <summary>Gets the practice numbers (1-17) the rule checks.</summary>
    public IReadOnlyList<int> Practices { get; }

    /// <summary>Gets the kind of record the rule applies to.</summary>
    public TargetKind Target { get; }

    /// <summary>Gets what a person does to pass the rule.</summary>
    public string Remediation { get; }

    /// <summary>Gets links or document references, possibly none.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>Gets the name of the policy that holds the rule.</summary>
    public string PolicyName { get; }

    /// <summary>Gets the version of the policy that holds the rule (metadata.version), or null.</summary>
    public string? PolicyVersion { get; internal set; }

    /// <summary>Gets the file the rule is in.</summary>
    public string? Path { get; }

    /// <summary>Gets the line the rule starts on.</summary>
    public int Line { get; }

    /// <summary>Gets the column the rule starts on.</summary>
    public int Column { get; }

    /// <summary>Gets the precondition, or null when the rule applies to every record of its kind.</summary>
    internal ConditionNode? When { get; }

    /// <summary>Gets the condition a record must meet.</summary>
    internal ConditionNode Condition { get; }

    /// <inheritdoc />
    public override string ToString() => Id + " " + Title;
}
