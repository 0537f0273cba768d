namespace SecureMailOps.Core.Errors;

/// <summary>
/// What kind of failure an engine error is. The cmdlet layer maps each kind to a PowerShell
/// <c>ErrorCategory</c>; the engine keeps its own enum so it never references PowerShell.
/// </summary>
public enum FailureKind
{
    /// <summary>No better kind applies.</summary>
    NotSpecified,

    /// <summary>An argument is malformed or out of range.</summary>
    InvalidArgument,

    /// <summary>Input data (a file, a record) is malformed.</summary>
    InvalidData,

    /// <summary>A document could not be parsed.</summary>
    ParserError,

    /// <summary>Something named does not exist.</summary>
    ObjectNotFound,

    /// <summary>A security check refused the operation (TLS, certificate, pin, secret).</summary>
    SecurityError,

    /// <summary>A network connection could not be made or was lost.</summary>
    ConnectionError,

    /// <summary>A peer answered in a way the protocol does not allow, or refused the request.</summary>
    ProtocolError,

    /// <summary>An operation took longer than allowed.</summary>
    OperationTimeout,

    /// <summary>A rate limit or other limit was reached.</summary>
    LimitsExceeded,

    /// <summary>The operation is not valid in the current state.</summary>
    InvalidOperation,

    /// <summary>Authentication or authorization failed.</summary>
    AuthenticationError,

    /// <summary>A file or store could not be written.</summary>
    WriteError,

    /// <summary>A file or store could not be read.</summary>
    ReadError,

    /// <summary>The caller is authenticated but not allowed (for example an app without admin consent for a scope).</summary>
    PermissionDenied,

    /// <summary>The outcome of an operation is unknown (for example a message that may or may not have been delivered).</summary>
    OutcomeUnknown,

    /// <summary>A shared resource stayed busy (for example every bounded retry lost to concurrent transactions); trying again later may work.</summary>
    ResourceBusy,
}
