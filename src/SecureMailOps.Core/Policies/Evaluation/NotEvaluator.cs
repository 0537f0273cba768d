using System.Runtime.CompilerServices;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>not: inverts True and False; an Error stays an Error.</summary>
internal sealed class NotEvaluator : CompiledCondition
{
    private readonly CompiledCondition _child;
    private readonly ExplanationMemo _memo = new();

    public NotEvaluator(CompiledCondition child)
    {
        _child = child;
    }

    [MethodImpl(HotPath.Optimize)]
    public override Verdict Evaluate(RecordMap record) => _child.Evaluate(record) switch
    {
        Verdict.True => Verdict.False,
        Verdict.False => Verdict.True,
        _ => Verdict.Error,
    };

    public override string Explain(RecordMap record)
    {
        string inner = _child.Explain(record);
        return _memo.TryGet(inner, out string known) ? known : _memo.Keep(inner, "not (" + inner + ")");
    }
}
