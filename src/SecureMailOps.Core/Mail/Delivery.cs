using System;
using System.Collections.Generic;
using System.Diagnostics;
using MailKit.Net.Smtp;
using MimeKit;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// What one message has reached so far, across its transactions (a 4xx-deferred recipient gets a
/// transaction of its own). Kept apart from the transaction loop so the accepted list can never be
/// lost when a later transaction fails.
/// </summary>
internal sealed class Delivery
{
    private readonly MimeMessage _mime;
    private readonly Stopwatch _clock;

    public Delivery(MimeMessage mime, Stopwatch clock)
    {
        _mime = mime;
        _clock = clock;
    }

    public List<string> Accepted { get; } = new();

    public List<SmtpRecipientRejection> Rejected { get; } = new();

    public List<string> Unknown { get; } = new();

    public string Reply { get; set; } = string.Empty;

    public int Attempts { get; set; }

    /// <summary>Records the recipients still pending when their transaction cannot be completed or retried.</summary>
    /// <param name="pending">The recipients of the failed transaction.</param>
    /// <param name="unknown">True when the data had been sent in full: their delivery is unknown.</param>
    /// <param name="reply">The server's refusal, when there was one.</param>
    /// <param name="reason">What happened, for recipients without a server reply.</param>
    public void GiveUp(IEnumerable<MailboxAddress> pending, bool unknown, SmtpCommandException? reply, string reason)
    {
        foreach (MailboxAddress mailbox in pending)
        {
            if (unknown)
            {
                Unknown.Add(mailbox.Address);
            }
            else if (reply is not null)
            {
                Rejected.Add(new SmtpRecipientRejection(mailbox.Address, (int)reply.StatusCode, reply.Message.Trim()));
            }
            else
            {
                Rejected.Add(new SmtpRecipientRejection(mailbox.Address, 0, reason));
            }
        }
    }

    public SmtpSendReceipt Receipt(SmtpProfile profile, string tlsVersion, string cipherSuite)
    {
        _clock.Stop();
        return new SmtpSendReceipt(_mime.MessageId ?? string.Empty, _mime.Subject ?? string.Empty, profile.Server, profile.Port,
            Accepted.ToArray(), Rejected.ToArray(), Unknown.ToArray(), Reply, tlsVersion, cipherSuite, Attempts, _clock.Elapsed, DateTimeOffset.Now);
    }
}
