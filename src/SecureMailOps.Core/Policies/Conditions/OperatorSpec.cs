using System;
using System.Collections.Generic;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>
/// One operator of the condition language, everything about it in one place: its YAML name, its
/// operand, the parameter types that may stand for the operand, the JSON Schema type of a literal
/// operand (a test holds policies/schema/policy.schema.json to it), how it compiles and what a value
/// it cannot test must be.
/// </summary>
internal sealed class OperatorSpec
{
    public OperatorSpec(
        string name,
        ConditionOperator op,
        OperandKind operand,
        IReadOnlyList<string> parameterTypes,
        string schemaType,
        string needs,
        Func<LeafParts, CompiledCondition> compile,
        string summary)
    {
        Name = name;
        Operator = op;
        Operand = operand;
        ParameterTypes = parameterTypes;
        SchemaType = schemaType;
        Needs = needs;
        Compile = compile;
        Summary = summary;
    }

    /// <summary>Gets the YAML spelling (camelCase).</summary>
    public string Name { get; }

    public ConditionOperator Operator { get; }

    public OperandKind Operand { get; }

    /// <summary>Gets the declared parameter types that a <c>{ param: name }</c> operand may have.</summary>
    public IReadOnlyList<string> ParameterTypes { get; }

    /// <summary>Gets the JSON Schema of a literal operand, as compact JSON.</summary>
    public string SchemaType { get; }

    /// <summary>Gets what a tested value must be, for the explanation of an Error finding ("not a list").</summary>
    public string Needs { get; }

    /// <summary>Gets the compiler: turns a bound condition and its resolved operand into an evaluator.</summary>
    public Func<LeafParts, CompiledCondition> Compile { get; }

    /// <summary>Gets a one-line description, for documentation.</summary>
    public string Summary { get; }

    /// <summary>Gets a value indicating whether the operator compares (and so may stand inside <c>count</c>).</summary>
    public bool IsComparison => Operator is ConditionOperator.Equals or ConditionOperator.NotEquals or ConditionOperator.Greater
        or ConditionOperator.GreaterOrEquals or ConditionOperator.Less or ConditionOperator.LessOrEquals;
}
