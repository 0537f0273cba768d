using System;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Sends challenge mails through the SMTP dispatcher (TLS only, certificate validated or pinned), over
/// one connection for as many challenges as the caller sends before disposing it.
/// </summary>
public sealed class SmtpChallengeMailer : IChallengeMailer, IDisposable
{
    private readonly SmtpDispatcherOptions _options = new();
    private readonly SmtpProfile _profile;
    private readonly string _from;
    private SmtpDispatcher? _dispatcher;

    /// <summary>Creates a mailer over an SMTP profile.</summary>
    /// <param name="profile">The connection settings.</param>
    /// <param name="from">The sender address.</param>
    public SmtpChallengeMailer(SmtpProfile profile, string from)
    {
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        _from = from ?? throw new ArgumentNullException(nameof(from));
    }

    /// <summary>Gets or sets where connection progress goes (never message content).</summary>
    public Action<string>? Log
    {
        get => _options.Log;
        set => _options.Log = value;
    }

    /// <summary>Gets the receipt of the last mail sent, for verbose output.</summary>
    public SmtpSendReceipt? LastReceipt { get; private set; }

    /// <inheritdoc />
    public async Task SendAsync(string recipient, ChallengeMessage message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var outgoing = new OutgoingMessage
        {
            From = _from,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Priority = MessagePriority.High,
        };
        outgoing.To.Add(recipient);
        _dispatcher ??= new SmtpDispatcher(_options);
        SmtpDeliveryOutcome outcome = await _dispatcher.SendAsync(_profile, outgoing, cancellationToken).ConfigureAwait(false);
        LastReceipt = outcome.Receipt;
        if (outcome.Status != SmtpDeliveryStatus.Delivered && outcome.Status != SmtpDeliveryStatus.PartiallyDelivered)
        {
            throw outcome.Error!;
        }

        if (outcome.Receipt!.AcceptedRecipients.Count == 0)
        {
            throw new SecureMailOpsException(
                "OtpChallengeRecipientRejected",
                FailureKind.ProtocolError,
                $"The server refused the recipient {RecipientMask.Mask(recipient)}; no code was sent.",
                RecipientMask.Mask(recipient));
        }
    }

    /// <summary>Closes the connection politely.</summary>
    /// <param name="cancellationToken">Cancels the QUIT.</param>
    /// <returns>A task.</returns>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (_dispatcher is not null)
        {
            // Waits for the QUIT; a cancellation closes the connection at once instead.
            using (cancellationToken.Register(_dispatcher.Cancel))
            {
                await _dispatcher.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _dispatcher?.Dispose();
}
