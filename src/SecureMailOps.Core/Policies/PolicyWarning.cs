namespace SecureMailOps.Core.Policies;

/// <summary>
/// A warning raised while evaluating (an expired waiver), handed over in order with the findings
/// when evaluation runs ahead on a worker thread (<see cref="PolicyEvaluator.EvaluateAhead"/>).
/// </summary>
public sealed class PolicyWarning
{
    /// <summary>Creates a warning.</summary>
    /// <param name="message">The text to show.</param>
    public PolicyWarning(string message) => Message = message;

    /// <summary>Gets the text to show.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
