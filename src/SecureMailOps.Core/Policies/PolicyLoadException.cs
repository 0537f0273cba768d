using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Reading a file failed. Carries every problem found (the loader keeps going after the first so a
/// user fixes a file in one pass); the exception's own id, kind and message are the first one's.
/// </summary>
public sealed class PolicyLoadException : SecureMailOpsException
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="errors">At least one error.</param>
    public PolicyLoadException(IReadOnlyList<PolicyLoadError> errors)
        : base(First(errors).ErrorId, First(errors).Kind, BuildMessage(errors), First(errors).File)
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for a single problem.</summary>
    /// <param name="error">The error.</param>
    public PolicyLoadException(PolicyLoadError error)
        : this(new[] { error })
    {
    }

    /// <summary>Gets every problem found, in file order.</summary>
    public IReadOnlyList<PolicyLoadError> Errors { get; }

    private static PolicyLoadError First(IReadOnlyList<PolicyLoadError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }

        return errors[0];
    }

    private static string BuildMessage(IReadOnlyList<PolicyLoadError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => e.Message));
}
