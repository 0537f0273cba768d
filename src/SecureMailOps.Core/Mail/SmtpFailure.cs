using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>A classified failure: the engine error to report and whether another attempt may help.</summary>
internal readonly struct SmtpFailure
{
    public SmtpFailure(SecureMailOpsException error, bool transient)
    {
        Error = error;
        Transient = transient;
    }

    public SecureMailOpsException Error { get; }

    public bool Transient { get; }
}
