using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Base for every SecureMailOps cmdlet: turns engine errors into ErrorRecords with their stable
/// id and category, so no cmdlet builds ErrorRecords by hand and no message can differ between them.
/// </summary>
public abstract class SecureMailOpsCmdlet : PSCmdlet
{
    /// <summary>Writes a non-terminating error for an engine failure.</summary>
    /// <param name="exception">The engine error.</param>
    /// <param name="target">The object being processed, when the error itself names none.</param>
    protected void WriteEngineError(SecureMailOpsException exception, object? target = null) =>
        WriteError(ToErrorRecord(exception, target));

    /// <summary>Stops the cmdlet with a terminating error for an engine failure.</summary>
    /// <param name="exception">The engine error.</param>
    /// <param name="target">The object being processed, when the error itself names none.</param>
    protected void ThrowEngineError(SecureMailOpsException exception, object? target = null) =>
        ThrowTerminatingError(ToErrorRecord(exception, target));

    /// <summary>Builds the ErrorRecord for an engine failure.</summary>
    /// <param name="exception">The engine error.</param>
    /// <param name="target">The object being processed, when the error itself names none.</param>
    /// <returns>The record.</returns>
    protected static ErrorRecord ToErrorRecord(SecureMailOpsException exception, object? target = null)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        return new ErrorRecord(exception, exception.ErrorId, ErrorCategoryMap.ToCategory(exception.Kind), exception.Target ?? target);
    }
}
