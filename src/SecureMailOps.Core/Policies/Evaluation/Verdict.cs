namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>A condition's result on one record: it holds, it does not, or it cannot be evaluated.</summary>
internal enum Verdict
{
    False,
    True,
    Error,
}
