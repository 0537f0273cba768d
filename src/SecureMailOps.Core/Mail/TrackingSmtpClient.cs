using System.Collections.Generic;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// An SmtpClient that records each recipient's fate instead of failing the whole message when one
/// recipient is refused: the message still goes to the accepted ones, and the receipt lists both.
/// </summary>
internal sealed class TrackingSmtpClient : SmtpClient
{
    public TrackingSmtpClient(IProtocolLogger logger)
        : base(logger)
    {
    }

    public List<string> Accepted { get; } = new();

    public List<SmtpRecipientRejection> Rejected { get; } = new();

    public void BeginTransaction()
    {
        Accepted.Clear();
        Rejected.Clear();
    }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Accepted.Add(mailbox.Address);

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Rejected.Add(new SmtpRecipientRejection(mailbox.Address, (int)response.StatusCode, response.Response));

    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new NoRecipientsAcceptedException();
}
