namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>A condition as written in a policy (the syntax tree the compiler turns into evaluators).</summary>
internal abstract class ConditionNode
{
    protected ConditionNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
