using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>Compiles a condition tree into evaluators, once per evaluation.</summary>
internal static class ConditionCompiler
{
    public static CompiledCondition Compile(ConditionNode node, IReadOnlyDictionary<string, object?> parameters, DateTimeOffset asOf) => node switch
    {
        GroupCondition group => group.Children.Count == 1
            ? Compile(group.Children[0], parameters, asOf)
            : new GroupEvaluator(group.RequireAll, group.Children.Select(c => Compile(c, parameters, asOf))),
        NotCondition not => new NotEvaluator(Compile(not.Child, parameters, asOf)),
        _ => LeafCompiler.Compile((LeafCondition)node, parameters, asOf),
    };
}
