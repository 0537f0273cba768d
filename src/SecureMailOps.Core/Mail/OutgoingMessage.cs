using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// The engine's description of a message to send: plain strings and paths, no MimeKit types, so
/// callers (cmdlets, the emailed-code challenge) never touch MimeKit. Addresses may be written as
/// "Name &lt;user@example.com&gt;"; one entry may hold several addresses separated by ',' or ';'.
/// </summary>
public sealed class OutgoingMessage
{
    /// <summary>Gets or sets the sender address.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>Gets the To recipients.</summary>
    public IList<string> To { get; } = new List<string>();

    /// <summary>Gets the Cc recipients.</summary>
    public IList<string> Cc { get; } = new List<string>();

    /// <summary>Gets the Bcc recipients (envelope only, never in the headers).</summary>
    public IList<string> Bcc { get; } = new List<string>();

    /// <summary>Gets the Reply-To addresses.</summary>
    public IList<string> ReplyTo { get; } = new List<string>();

    /// <summary>Gets or sets the subject.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Gets or sets the plain-text body, or null.</summary>
    public string? TextBody { get; set; }

    /// <summary>Gets or sets the HTML body, or null. With a text body too, the message is multipart/alternative.</summary>
    public string? HtmlBody { get; set; }

    /// <summary>Gets the full paths of files to attach. A missing file stops this message from being sent.</summary>
    public IList<string> Attachments { get; } = new List<string>();

    /// <summary>Gets or sets the priority.</summary>
    public MessagePriority Priority { get; set; } = MessagePriority.Normal;

    /// <summary>Gets extra headers (name to value); a header the message already has is replaced.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets DKIM signing options, or null for no signature.</summary>
    public DkimSigningOptions? Dkim { get; set; }

    /// <summary>
    /// Adds recipients as a caller's arrays give them (PowerShell parameters, pipeline properties): one address
    /// per entry, blank or null entries skipped, order kept. An entry holding several addresses is kept as it
    /// is, so that sending refuses it (SmtpAddressInvalid) instead of splitting it.
    /// </summary>
    /// <param name="to">The To entries, or null.</param>
    /// <param name="cc">The Cc entries, or null.</param>
    /// <param name="bcc">The Bcc entries, or null.</param>
    /// <param name="replyTo">The Reply-To entries, or null.</param>
    public void AddAddresses(IEnumerable<string?>? to, IEnumerable<string?>? cc = null, IEnumerable<string?>? bcc = null, IEnumerable<string?>? replyTo = null)
    {
        AddNonBlank(To, to);
        AddNonBlank(Cc, cc);
        AddNonBlank(Bcc, bcc);
        AddNonBlank(ReplyTo, replyTo);
    }

    private static void AddNonBlank(IList<string> list, IEnumerable<string?>? entries)
    {
        if (entries is null)
        {
            return;
        }

        foreach (string? entry in entries)
        {
            if (!string.IsNullOrWhiteSpace(entry))
            {
                list.Add(entry!);
            }
        }
    }
}
