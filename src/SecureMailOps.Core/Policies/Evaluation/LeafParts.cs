using System;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>What an operator's compiler gets: the bound condition with its operand resolved, the value accessor and the texts explanations use.</summary>
internal sealed class LeafParts
{
    public LeafParts(LeafCondition leaf, object? operand, FieldAccessor accessor, string subject, string expectation, DateTimeOffset asOf)
    {
        Leaf = leaf;
        Operand = operand;
        Accessor = accessor;
        Subject = subject;
        Expectation = expectation;
        AsOf = asOf;
    }

    public LeafCondition Leaf { get; }

    /// <summary>Gets the operand: the literal, or the parameter's value.</summary>
    public object? Operand { get; }

    public FieldAccessor Accessor { get; }

    public string Subject { get; }

    public string Expectation { get; }

    public DateTimeOffset AsOf { get; }

    /// <summary>Gets the operator's entry in the table.</summary>
    public OperatorSpec Spec => OperatorTable.Of(Leaf.Operator);
}
