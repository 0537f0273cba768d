using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies.Conditions;
using SecureMailOps.Core.Policies.Sources;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// Which fields a rule reads, and for every set of inventory sources (a source mask) whether they carry them:
/// worked out once per compilation, so per record the check is one array read. A rule reading a contract
/// field that none of a record's sources carries is NotApplicable with the reason naming the field.
/// </summary>
internal static class SourceApplicability
{
    /// <summary>Gives the field paths (no list indexes, in order, once each) a rule's precondition and condition read.</summary>
    public static string[] FieldsRead(PolicyRule rule)
    {
        var paths = new List<string>();
        if (rule.When is not null)
        {
            Collect(rule.When, paths);
        }

        Collect(rule.Condition, paths);
        return paths.Distinct(System.StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>
    /// Gives the field paths a rule's condition reads. Only these decide NotApplicable for a source: a
    /// precondition (<c>when</c>) is written to cope with missing fields (the baseline skips inactive accounts
    /// by a <c>status</c> that Entra registration details do not carry), so a field it alone reads must not
    /// make the whole rule NotApplicable.
    /// </summary>
    public static string[] ConditionFieldsRead(PolicyRule rule)
    {
        var paths = new List<string>();
        Collect(rule.Condition, paths);
        return paths.Distinct(System.StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>Gives, indexed by source mask, why the rule cannot be evaluated on records of those sources (null: it can).</summary>
    public static string?[] NotCarriedByMask(IReadOnlyList<string> fields)
    {
        var reasons = new string?[1 << InventorySources.All.Count];
        for (int mask = 1; mask < reasons.Length; mask++)
        {
            foreach (string field in fields)
            {
                string? reason = InventorySources.NotCarried(field, mask);
                if (reason is not null)
                {
                    reasons[mask] = reason;
                    break;
                }
            }
        }

        return reasons;
    }

    private static void Collect(ConditionNode node, List<string> paths)
    {
        switch (node)
        {
            case GroupCondition group:
                foreach (ConditionNode child in group.Children)
                {
                    Collect(child, paths);
                }

                break;
            case NotCondition not:
                Collect(not.Child, paths);
                break;
            case LeafCondition { Field: not null } leaf:
                paths.Add(string.Join(".", leaf.Field.Segments.Where(s => s.Name is not null).Select(s => s.Name)));
                break;
        }
    }
}
