using System.Collections.Generic;

namespace SecureMailOps.TestSmtpServer;

/// <summary>A message the server accepted.</summary>
public sealed class ReceivedMessage
{
    public ReceivedMessage(string from, IReadOnlyList<string> recipients, string data)
    {
        From = from;
        Recipients = recipients;
        Data = data;
    }

    public string From { get; }

    public IReadOnlyList<string> Recipients { get; }

    public string Data { get; }
}
