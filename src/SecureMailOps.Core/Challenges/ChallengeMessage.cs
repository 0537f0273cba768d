namespace SecureMailOps.Core.Challenges;

/// <summary>The rendered mail that carries a code: a subject, a plain-text part and an HTML part.</summary>
public sealed class ChallengeMessage
{
    /// <summary>Creates a rendered message.</summary>
    /// <param name="subject">The subject (never contains the code).</param>
    /// <param name="textBody">The plain-text part.</param>
    /// <param name="htmlBody">The HTML part.</param>
    public ChallengeMessage(string subject, string textBody, string htmlBody)
    {
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
    }

    /// <summary>Gets the subject.</summary>
    public string Subject { get; }

    /// <summary>Gets the plain-text part.</summary>
    public string TextBody { get; }

    /// <summary>Gets the HTML part.</summary>
    public string HtmlBody { get; }
}
