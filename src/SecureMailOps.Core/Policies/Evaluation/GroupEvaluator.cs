using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>allOf / anyOf over compiled children, short-circuiting in order.</summary>
internal sealed class GroupEvaluator : CompiledCondition
{
    private readonly CompiledCondition[] _children;
    private readonly bool _requireAll;

    public GroupEvaluator(bool requireAll, IEnumerable<CompiledCondition> children)
    {
        _requireAll = requireAll;
        _children = children.ToArray();
    }

    [MethodImpl(HotPath.Optimize)]
    public override Verdict Evaluate(RecordMap record)
    {
        if (_requireAll)
        {
            foreach (CompiledCondition child in _children)
            {
                Verdict verdict = child.Evaluate(record);
                if (verdict != Verdict.True)
                {
                    return verdict;
                }
            }

            return Verdict.True;
        }

        bool error = false;
        foreach (CompiledCondition child in _children)
        {
            Verdict verdict = child.Evaluate(record);
            if (verdict == Verdict.True)
            {
                return Verdict.True;
            }

            error |= verdict == Verdict.Error;
        }

        return error ? Verdict.Error : Verdict.False;
    }

    public override string Explain(RecordMap record)
    {
        Verdict verdict = Evaluate(record);

        // The usual cases (a failing allOf, a passing anyOf) are one child's explanation, the very string it
        // gave: no joining, so a child's kept explanation (ExplanationMemo) stays shared.
        if (_requireAll && verdict != Verdict.True)
        {
            foreach (CompiledCondition child in _children)
            {
                if (child.Evaluate(record) != Verdict.True)
                {
                    return child.Explain(record);
                }
            }
        }

        if (_requireAll)
        {
            return string.Join("; ", _children.Select(c => c.Explain(record)));
        }

        if (verdict == Verdict.True)
        {
            foreach (CompiledCondition child in _children)
            {
                if (child.Evaluate(record) == Verdict.True)
                {
                    return child.Explain(record);
                }
            }
        }

        if (verdict == Verdict.Error)
        {
            return string.Join("; ", _children.Where(c => c.Evaluate(record) == Verdict.Error).Select(c => c.Explain(record)));
        }

        return "none of: " + string.Join(" | ", _children.Select(c => c.Explain(record)));
    }
}
