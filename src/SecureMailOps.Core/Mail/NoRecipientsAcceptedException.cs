using System;

namespace SecureMailOps.Core.Mail;

/// <summary>Raised inside MailKit's send when every recipient was refused; the sender turns it into an engine error.</summary>
internal sealed class NoRecipientsAcceptedException : Exception
{
    public NoRecipientsAcceptedException()
        : base("The server accepted none of the recipients.")
    {
    }

    public NoRecipientsAcceptedException(string message)
        : base(message)
    {
    }

    public NoRecipientsAcceptedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
