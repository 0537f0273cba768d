using System;

namespace SecureMailOps.Core.Errors;

/// <summary>
/// The one exception type the engine throws for expected failures. It carries a stable
/// <see cref="ErrorId"/> (pinned by tests and usable in scripts) and a <see cref="Kind"/> that
/// the cmdlet layer maps to a PowerShell error category. Messages never contain secrets.
/// </summary>
public class SecureMailOpsException : Exception
{
    /// <summary>Creates an engine error.</summary>
    /// <param name="errorId">Stable identifier, for example <c>OtpSecretInvalid</c>.</param>
    /// <param name="kind">The failure kind.</param>
    /// <param name="message">A message that names what was wrong and where, without secrets.</param>
    /// <param name="target">The object the error is about (a path, an address), or null.</param>
    /// <param name="innerException">The underlying exception, or null.</param>
    public SecureMailOpsException(string errorId, FailureKind kind, string message, object? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>Creates an engine error with no id; prefer the full constructor.</summary>
    public SecureMailOpsException()
        : this(EngineErrorIds.NotSpecified, FailureKind.NotSpecified, "An unspecified SecureMailOps error occurred.")
    {
    }

    /// <summary>Creates an engine error with no id; prefer the full constructor.</summary>
    /// <param name="message">The message.</param>
    public SecureMailOpsException(string message)
        : this(EngineErrorIds.NotSpecified, FailureKind.NotSpecified, message)
    {
    }

    /// <summary>Creates an engine error with no id; prefer the full constructor.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public SecureMailOpsException(string message, Exception innerException)
        : this(EngineErrorIds.NotSpecified, FailureKind.NotSpecified, message, null, innerException)
    {
    }

    /// <summary>Gets the stable error identifier.</summary>
    public string ErrorId { get; }

    /// <summary>Gets the failure kind.</summary>
    public FailureKind Kind { get; }

    /// <summary>Gets the object the error is about, or null.</summary>
    public object? Target { get; }
}
