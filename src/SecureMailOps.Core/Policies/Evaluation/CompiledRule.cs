using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>A rule ready to run: its compiled precondition and condition, and the waivers that name it.</summary>
internal sealed class CompiledRule
{
    public CompiledRule(PolicyRule rule, CompiledCondition? when, CompiledCondition condition, IReadOnlyList<PolicyWaiver> waivers)
    {
        Rule = rule;
        When = when;
        Condition = condition;
        Waivers = waivers;
    }

    public PolicyRule Rule { get; }

    public CompiledCondition? When { get; }

    public CompiledCondition Condition { get; }

    public IReadOnlyList<PolicyWaiver> Waivers { get; }

    // The evaluation time the rule was compiled for; reports name it (findings carry it on).
    public DateTimeOffset AsOf { get; set; }
}
