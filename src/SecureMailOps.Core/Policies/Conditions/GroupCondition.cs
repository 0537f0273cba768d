using System.Collections.Generic;

namespace SecureMailOps.Core.Policies.Conditions;

/// <summary><c>allOf</c> (every child holds) or <c>anyOf</c> (at least one child holds).</summary>
internal sealed class GroupCondition : ConditionNode
{
    public GroupCondition(bool requireAll, IReadOnlyList<ConditionNode> children, int line, int column)
        : base(line, column)
    {
        RequireAll = requireAll;
        Children = children;
    }

    public bool RequireAll { get; }

    public IReadOnlyList<ConditionNode> Children { get; }
}
