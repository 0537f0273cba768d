namespace SecureMailOps.Core.Policies.Conditions;

/// <summary><c>not</c>: the child does not hold.</summary>
internal sealed class NotCondition : ConditionNode
{
    public NotCondition(ConditionNode child, int line, int column)
        : base(line, column)
    {
        Child = child;
    }

    public ConditionNode Child { get; }
}
