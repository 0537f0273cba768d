namespace SecureMailOps.Core.Policies;

/// <summary>
/// A warning raised while evaluating (an expired waiver), handed over in order with the findings
/// when evaluation runs ahead on a worker thread (<see cref="PolicyEvaluator.EvaluateAhead(InventoryReader, System.Collections.Generic.IReadOnlyList{bool})"/>).
/// </summary>
public sealed class PolicyWarning
{
    /// <summary>Creates a warning.</summary>
    /// <param name="message">The text to show.</param>
    public PolicyWarning(string message) => Message = message;

    /// <summary>Creates a warning with a stable id (one of the <see cref="PolicyErrorIds"/>).</summary>
    /// <param name="id">The id, for scripts that filter warnings.</param>
    /// <param name="message">The text to show.</param>
    public PolicyWarning(string id, string message)
    {
        Id = id;
        Message = message;
    }

    /// <summary>Gets the warning's stable id, or null for the evaluator's own (waiver) warnings.</summary>
    public string? Id { get; }

    /// <summary>Gets the text to show.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
