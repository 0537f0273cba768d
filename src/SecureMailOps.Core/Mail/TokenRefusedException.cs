using System;

namespace SecureMailOps.Core.Mail;

/// <summary>Raised inside the sender when the server refused a token from a token source for the first time; the sender reconnects once with a fresh token.</summary>
internal sealed class TokenRefusedException : Exception
{
    public TokenRefusedException()
        : base("The server refused the OAuth token.")
    {
    }

    public TokenRefusedException(Exception innerException)
        : base("The server refused the OAuth token.", innerException)
    {
    }

    public TokenRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
