using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>The outcome of a policy assertion: whether it passed, the counts by severity, and the message a gate shows.</summary>
public sealed class AssertVerdict
{
    internal AssertVerdict(Severity threshold, int blocking, IReadOnlyDictionary<Severity, int> failures, IReadOnlyDictionary<Severity, int> errors, IReadOnlyList<PolicyFinding> examples, string message)
    {
        Threshold = threshold;
        Blocking = blocking;
        Failures = failures;
        Errors = errors;
        Examples = examples;
        Message = message;
    }

    /// <summary>Gets the lowest severity whose failures and errors fail the assertion.</summary>
    public Severity Threshold { get; }

    /// <summary>Gets a value indicating whether no failure or error is at or above the threshold.</summary>
    public bool Passed => Blocking == 0;

    /// <summary>Gets the number of failures and errors at or above the threshold.</summary>
    public int Blocking { get; }

    /// <summary>Gets the Fail findings by severity (every severity present, zero included).</summary>
    public IReadOnlyDictionary<Severity, int> Failures { get; }

    /// <summary>Gets the Error findings by severity (every severity present, zero included).</summary>
    public IReadOnlyDictionary<Severity, int> Errors { get; }

    /// <summary>Gets the first blocking findings, in the order they came (at most <see cref="PolicyAssertion.ListedExamples"/>).</summary>
    public IReadOnlyList<PolicyFinding> Examples { get; }

    /// <summary>Gets the summary: counts by severity and the first blocking findings; empty when the assertion passed.</summary>
    public string Message { get; }
}
