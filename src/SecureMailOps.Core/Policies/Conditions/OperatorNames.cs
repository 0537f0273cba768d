using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>The YAML spelling of each operator, and which operators compare values.</summary>
internal static class OperatorNames
{
    private static readonly Dictionary<string, ConditionOperator> ByName = new(StringComparer.Ordinal)
    {
        ["equals"] = ConditionOperator.Equals,
        ["notEquals"] = ConditionOperator.NotEquals,
        ["greater"] = ConditionOperator.Greater,
        ["greaterOrEquals"] = ConditionOperator.GreaterOrEquals,
        ["less"] = ConditionOperator.Less,
        ["lessOrEquals"] = ConditionOperator.LessOrEquals,
        ["in"] = ConditionOperator.In,
        ["notIn"] = ConditionOperator.NotIn,
        ["contains"] = ConditionOperator.Contains,
        ["count"] = ConditionOperator.Count,
        ["match"] = ConditionOperator.Match,
        ["startsWith"] = ConditionOperator.StartsWith,
        ["endsWith"] = ConditionOperator.EndsWith,
        ["exists"] = ConditionOperator.Exists,
        ["olderThan"] = ConditionOperator.OlderThan,
        ["withinLast"] = ConditionOperator.WithinLast,
    };

    /// <summary>Gets every operator name, for suggestions.</summary>
    public static IEnumerable<string> All => ByName.Keys;

    /// <summary>Gets the comparison operator names (allowed inside <c>count</c>).</summary>
    public static IReadOnlyList<string> Comparisons { get; } = new[] { "equals", "notEquals", "greater", "greaterOrEquals", "less", "lessOrEquals" };

    public static bool TryParse(string name, out ConditionOperator op) => ByName.TryGetValue(name, out op);

    public static string NameOf(ConditionOperator op)
    {
        string text = op.ToString();
        return char.ToLowerInvariant(text[0]) + text.Substring(1);
    }

    public static bool IsComparison(ConditionOperator op) =>
        op is ConditionOperator.Equals or ConditionOperator.NotEquals or ConditionOperator.Greater
            or ConditionOperator.GreaterOrEquals or ConditionOperator.Less or ConditionOperator.LessOrEquals;

    public static bool IsOrdering(ConditionOperator op) =>
        op is ConditionOperator.Greater or ConditionOperator.GreaterOrEquals or ConditionOperator.Less or ConditionOperator.LessOrEquals;
}
