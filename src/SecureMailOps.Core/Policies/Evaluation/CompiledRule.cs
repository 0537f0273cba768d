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

    // The fields the precondition and condition read (no list indexes), for provenance and applicability.
    public string[] FieldsRead { get; set; } = System.Array.Empty<string>();

    // Indexed by a record's source mask: why the rule cannot be evaluated on it (a field none of its sources carries), or null.
    public string?[] NotCarried { get; set; } = System.Array.Empty<string?>();

    // "not applicable: " + the precondition's explanation, by that explanation (findings' reasons, see ExplanationMemo).
    public ExplanationMemo NotApplicableReasons { get; } = new();

    // The evaluation time the rule was compiled for; reports name it (findings carry it on).
    public DateTimeOffset AsOf { get; set; }
}
