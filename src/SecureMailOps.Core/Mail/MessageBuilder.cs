using System;
using System.Collections.Generic;
using System.IO;
using MimeKit;
using MimeKit.Cryptography;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Turns an <see cref="OutgoingMessage"/> into a MimeMessage. Every check that can fail without a
/// network (addresses, attachments, DKIM key) fails here, before any connection is used.
/// </summary>
internal sealed class MessageBuilder
{
    private static readonly HeaderId[] DkimHeaders = { HeaderId.From, HeaderId.To, HeaderId.Cc, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId, HeaderId.ReplyTo };
    private static readonly char[] BadNameChars = { ':', ' ', '\r', '\n' };
    private static readonly char[] LineBreaks = { '\r', '\n' };
    private readonly Dictionary<string, DkimSigner> _signers = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public MimeMessage Build(OutgoingMessage source)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        // The Date and our Message-Id (at the sender's domain) go in through the constructor: the
        // parameterless one would also generate a Message-Id at the host name and a Date, each then
        // replaced, and that id (host name lookup, IDN mapping, random bytes) was a measurable part of
        // the client CPU per message (issue 11).
        MailboxAddress from = ParseSingle(source.From, "From");
        var message = new MimeMessage(
            new Header(HeaderId.Date, MimeKit.Utils.DateUtils.FormatDate(DateTimeOffset.Now)),
            new Header(HeaderId.MessageId, "<" + MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain) + ">"));
        message.From.Add(from);
        AddAll(message.To, source.To, "To");
        AddAll(message.Cc, source.Cc, "Cc");
        AddAll(message.Bcc, source.Bcc, "Bcc");
        AddAll(message.ReplyTo, source.ReplyTo, "ReplyTo");
        if (message.To.Count + message.Cc.Count + message.Bcc.Count == 0)
        {
            throw new SecureMailOpsException(SmtpErrorIds.NoRecipients, FailureKind.InvalidArgument, "The message has no recipients (To, Cc or Bcc).");
        }

        message.Subject = source.Subject ?? string.Empty;
        switch (source.Priority)
        {
            case MessagePriority.High:
                message.Priority = MimeKit.MessagePriority.Urgent;
                message.XPriority = XMessagePriority.Highest;
                message.Importance = MessageImportance.High;
                break;
            case MessagePriority.Low:
                message.Priority = MimeKit.MessagePriority.NonUrgent;
                message.XPriority = XMessagePriority.Lowest;
                message.Importance = MessageImportance.Low;
                break;
        }

        if (source.Attachments.Count == 0 && !string.IsNullOrEmpty(source.TextBody) && string.IsNullOrEmpty(source.HtmlBody))
        {
            // Plain text alone: the part BodyBuilder would make, without building it.
            message.Body = new TextPart("plain") { Text = source.TextBody! };
            return Finish(message, source);
        }

        var body = new BodyBuilder { TextBody = source.TextBody, HtmlBody = source.HtmlBody };
        if (source.TextBody is null && source.HtmlBody is null)
        {
            body.TextBody = string.Empty;
        }

        foreach (string path in source.Attachments)
        {
            if (!File.Exists(path))
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFound, FailureKind.ObjectNotFound,
                    $"The attachment '{path}' does not exist; the message was not sent.", path);
            }

            try
            {
                body.Attachments.Add(path);
            }
            catch (IOException ex)
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentUnreadable, FailureKind.ReadError,
                    $"The attachment '{path}' could not be read ({ex.Message}); the message was not sent.", path, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentUnreadable, FailureKind.ReadError,
                    $"The attachment '{path}' could not be read ({ex.Message}); the message was not sent.", path, ex);
            }
        }

        message.Body = body.ToMessageBody();
        return Finish(message, source);
    }

    private MimeMessage Finish(MimeMessage message, OutgoingMessage source)
    {
        foreach (KeyValuePair<string, string> header in source.Headers)
        {
            AddHeader(message, header.Key, header.Value);
        }

        if (source.Dkim is not null)
        {
            Sign(message, source.Dkim);
        }

        return message;
    }

    private static void AddHeader(MimeMessage message, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(BadNameChars) >= 0 || (value ?? string.Empty).IndexOfAny(LineBreaks) >= 0)
        {
            throw new SecureMailOpsException(SmtpErrorIds.HeaderInvalid, FailureKind.InvalidArgument,
                $"The header '{name}' is not a valid header name or its value contains a line break.", name);
        }

        // Address and structure headers come from their own parameters; overriding them here would
        // let a header table change who receives the message or break the MIME structure.
        if (name.Equals("From", StringComparison.OrdinalIgnoreCase) || name.Equals("To", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Cc", StringComparison.OrdinalIgnoreCase) || name.Equals("Bcc", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("MIME-Version", StringComparison.OrdinalIgnoreCase))
        {
            throw new SecureMailOpsException(SmtpErrorIds.HeaderReserved, FailureKind.InvalidArgument,
                $"The header '{name}' is set by its own parameter and cannot be given in -Header.", name);
        }

        message.Headers[name] = value ?? string.Empty;
    }

    private void Sign(MimeMessage message, DkimSigningOptions options)
    {
        DkimSigner signer;
        lock (_gate)
        {
            string key = options.KeyPath + "\n" + options.Domain + "\n" + options.Selector;
            if (!_signers.TryGetValue(key, out signer!))
            {
                if (!File.Exists(options.KeyPath))
                {
                    throw new SecureMailOpsException(SmtpErrorIds.DkimKeyNotFound, FailureKind.ObjectNotFound,
                        $"The DKIM key '{options.KeyPath}' does not exist; the message was not sent.", options.KeyPath);
                }

                try
                {
                    signer = new DkimSigner(options.KeyPath, options.Domain, options.Selector, DkimSignatureAlgorithm.RsaSha256)
                    {
                        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                    };
                }
                catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or ArgumentException or NotSupportedException or InvalidCastException)
                {
                    throw new SecureMailOpsException(SmtpErrorIds.DkimKeyInvalid, FailureKind.InvalidData,
                        $"The DKIM key '{options.KeyPath}' is not an RSA private key in PEM form.", options.KeyPath, ex);
                }

                _signers[key] = signer;
            }
        }

        // Fix the transfer encodings before signing, so the transport never re-encodes a signed body.
        message.Prepare(EncodingConstraint.SevenBit);
        signer.Sign(message, DkimHeaders);
    }

    private static void AddAll(InternetAddressList list, IEnumerable<string> entries, string field)
    {
        foreach (string entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            list.Add(ParseSingle(entry, field));
        }
    }

    /// <summary>
    /// One entry, one mailbox: a display name is allowed, but an entry that parses to a group or to
    /// several mailboxes (a CSV cell "a@x, b@x", or "a@x\r\nBcc: evil@y" smuggled into a field) is
    /// refused, so the caller's array is exactly the recipient list and nobody is added by a string.
    /// </summary>
    private static MailboxAddress ParseSingle(string entry, string field)
    {
        if (string.IsNullOrWhiteSpace(entry) || entry.IndexOfAny(LineBreaks) >= 0
            || !InternetAddressList.TryParse(entry, out InternetAddressList? parsed) || parsed!.Count != 1 || parsed[0] is not MailboxAddress mailbox)
        {
            throw new SecureMailOpsException(SmtpErrorIds.AddressInvalid, FailureKind.InvalidArgument,
                $"'{Printable(entry)}' in {field} is not exactly one mail address (give one address per entry; the message was not sent).", entry);
        }

        Validate(mailbox, entry, field);
        return mailbox;
    }

    private static string Printable(string entry) => (entry ?? string.Empty).Replace("\r", "\\r").Replace("\n", "\\n");

    private static void Validate(MailboxAddress mailbox, string entry, string field)
    {
        int at = mailbox.Address.IndexOf('@');
        if (at <= 0 || at == mailbox.Address.Length - 1)
        {
            throw new SecureMailOpsException(SmtpErrorIds.AddressInvalid, FailureKind.InvalidArgument, $"'{Printable(entry)}' in {field} is not a valid mail address.", entry);
        }
    }
}
