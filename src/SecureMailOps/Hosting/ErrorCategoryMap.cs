using System.Management.Automation;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Hosting;

/// <summary>Maps the engine's <see cref="FailureKind"/> to PowerShell's <see cref="ErrorCategory"/>.</summary>
internal static class ErrorCategoryMap
{
    public static ErrorCategory ToCategory(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.ParserError => ErrorCategory.ParserError,
        FailureKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FailureKind.SecurityError => ErrorCategory.SecurityError,
        FailureKind.ConnectionError => ErrorCategory.ConnectionError,
        FailureKind.ProtocolError => ErrorCategory.ProtocolError,
        FailureKind.OperationTimeout => ErrorCategory.OperationTimeout,
        FailureKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        FailureKind.InvalidOperation => ErrorCategory.InvalidOperation,
        FailureKind.AuthenticationError => ErrorCategory.AuthenticationError,
        FailureKind.WriteError => ErrorCategory.WriteError,
        FailureKind.ReadError => ErrorCategory.ReadError,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.OutcomeUnknown => ErrorCategory.OperationStopped,
        FailureKind.ResourceBusy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
