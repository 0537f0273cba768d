namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>One test on a field (or a parameter): <c>field</c>/<c>param</c>, one operator and its operand.</summary>
internal sealed class LeafCondition : ConditionNode
{
    public LeafCondition(FieldPath? field, string? parameter, ConditionOperator op, Operand operand, ConditionOperator countOperator, int line, int column)
        : base(line, column)
    {
        Field = field;
        Parameter = parameter;
        Operator = op;
        Operand = operand;
        CountOperator = countOperator;
    }

    /// <summary>Gets the field tested, or null when the subject is a parameter.</summary>
    public FieldPath? Field { get; }

    /// <summary>Gets the parameter tested, or null when the subject is a field.</summary>
    public string? Parameter { get; }

    public ConditionOperator Operator { get; }

    public Operand Operand { get; }

    /// <summary>Gets the comparison applied to the count, for <see cref="ConditionOperator.Count"/>.</summary>
    public ConditionOperator CountOperator { get; }
}
