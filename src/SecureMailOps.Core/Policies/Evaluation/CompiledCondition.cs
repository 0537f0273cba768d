namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>A condition compiled for one evaluation: parameters resolved, operands typed, regexes built.</summary>
internal abstract class CompiledCondition
{
    /// <summary>Evaluates the condition on a record (the hot path: no strings are built).</summary>
    public abstract Verdict Evaluate(RecordMap record);

    /// <summary>Says why the condition holds or not on a record: the field, its value and what was expected.</summary>
    public abstract string Explain(RecordMap record);
}
