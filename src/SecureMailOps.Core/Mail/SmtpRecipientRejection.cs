namespace SecureMailOps.Core.Mail;

/// <summary>A recipient the server did not accept, with its reply.</summary>
public sealed class SmtpRecipientRejection
{
    /// <summary>Creates a rejection.</summary>
    /// <param name="address">The recipient address.</param>
    /// <param name="statusCode">The SMTP status code (for example 550 or 452).</param>
    /// <param name="reply">The server's reply text.</param>
    public SmtpRecipientRejection(string address, int statusCode, string reply)
    {
        Address = address;
        StatusCode = statusCode;
        Reply = reply;
    }

    /// <summary>Gets the recipient address.</summary>
    public string Address { get; }

    /// <summary>Gets the SMTP status code; 0 when the server gave no reply for this recipient (the connection was lost, or the send was stopped).</summary>
    public int StatusCode { get; }

    /// <summary>Gets the server's reply text.</summary>
    public string Reply { get; }

    /// <summary>Gets a value indicating whether the rejection was temporary (4xx) and retries were exhausted.</summary>
    public bool Transient => StatusCode >= 400 && StatusCode < 500;

    /// <inheritdoc />
    public override string ToString() => StatusCode == 0 ? $"{Address} ({Reply})" : $"{Address} ({StatusCode} {Reply})";
}
