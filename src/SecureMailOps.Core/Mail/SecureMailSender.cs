using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Sends messages over one TLS connection that is opened on first use, authenticated once and reused
/// for every message (reopened when the server drops it). Not thread-safe: use one sender per
/// connection; open several for parallel sending.
/// </summary>
/// <remarks>
/// Rules it keeps: TLS always (STARTTLS or implicit; never MailKit's Auto, StartTlsWhenAvailable or
/// None); TLS 1.2 minimum; certificate validated or pinned; credentials only after TLS; transient
/// failures before the server accepted the message retried with exponential backoff and jitter; an
/// accepted message never sent twice; a connection lost after the final "." reported as delivery
/// unknown (error id SmtpDeliveryUnknown) and not resent unless <see cref="ResendWhenDeliveryUnknown"/>.
/// </remarks>
public sealed class SecureMailSender : IDisposable
{
    // Strongest first; CRAM-MD5 and NTLM are left out (weak hashes, and TLS already protects PLAIN).
    private static readonly string[] PreferredMechanisms = { "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "LOGIN" };
    private static readonly List<SmtpRecipientRejection> NoRejections = new();
    private readonly SmtpProfile _profile;
    private readonly MessageBuilder _builder = new();
    private TrackingSmtpClient? _client;
    private SessionTracker? _tracker;
    private string _tlsVersion = string.Empty;
    private string _cipherSuite = string.Empty;
    private bool _disposed;

    /// <summary>Creates a sender for a profile. Nothing connects until the first message or <see cref="ConnectAsync"/>.</summary>
    /// <param name="profile">The connection settings.</param>
    public SecureMailSender(SmtpProfile profile)
    {
        _profile = profile ?? throw new ArgumentNullException(nameof(profile));
        MaxRetries = profile.MaxRetries;
        RetryBaseDelay = profile.RetryBaseDelay;
    }

    /// <summary>Gets or sets how many times a transient failure is retried; starts as the profile's value.</summary>
    public int MaxRetries { get; set; }

    /// <summary>Gets or sets the first retry delay (doubled per retry, with jitter); starts as the profile's value.</summary>
    public TimeSpan RetryBaseDelay { get; set; }

    /// <summary>Gets or sets a sink for progress notes (connects, retries); never given secrets.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Gets or sets a value indicating whether a message whose delivery is unknown is sent again (it may then arrive twice).</summary>
    public bool ResendWhenDeliveryUnknown { get; set; }

    /// <summary>Gets how many connections this sender has opened.</summary>
    public int ConnectionsOpened { get; private set; }

    /// <summary>Gets the profile.</summary>
    public SmtpProfile Profile => _profile;

    /// <summary>Gets a value indicating whether a connection is open.</summary>
    public bool IsConnected => _client?.IsConnected == true;

    /// <summary>Gets the negotiated TLS version of the open connection ("1.2", "1.3"), or empty.</summary>
    public string TlsVersion => _tlsVersion;

    /// <summary>Gets the negotiated cipher suite of the open connection, or empty.</summary>
    public string CipherSuite => _cipherSuite;

    /// <summary>Opens, secures and authenticates the connection now, retrying transient failures.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task.</returns>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        int attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Aborted (Ctrl+C closes the socket under a blocked read): report the cancellation, not the broken pipe.
                cancellationToken.ThrowIfCancellationRequested();
                SmtpFailure failure = Classify(ex, finalDotSent: false, cancellationToken);
                DropConnection();
                if (!failure.Transient || attempt > MaxRetries)
                {
                    throw failure.Error;
                }

                await BackoffAsync(attempt, failure.Error, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends one message. Once any recipient has accepted it, the result is a receipt, never an
    /// exception: recipients refused later (5xx, or 4xx after the retries), or whose retry transaction
    /// failed before the data, are listed in <see cref="SmtpSendReceipt.RejectedRecipients"/>; recipients
    /// whose transaction was lost after the final "." in <see cref="SmtpSendReceipt.DeliveryUnknownRecipients"/>.
    /// Nothing is ever sent again to a recipient that accepted it.
    /// </summary>
    /// <param name="message">The message description.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>The receipt: accepted and rejected recipients, server reply, TLS details, attempts.</returns>
    /// <exception cref="SecureMailOpsException">With a stable error id when nobody got the message (SmtpDeliveryUnknown when that is not known).</exception>
    public async Task<SmtpSendReceipt> SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        MimeMessage mime = _builder.Build(message);
        var delivery = new Delivery(mime, Stopwatch.StartNew());
        MailboxAddress sender = FirstMailbox(mime.From);
        var pending = new List<MailboxAddress>();
        pending.AddRange(mime.To.Mailboxes);
        pending.AddRange(mime.Cc.Mailboxes);
        pending.AddRange(mime.Bcc.Mailboxes);
        bool finalDotSent = false;
        try
        {
            while (true)
            {
                delivery.Attempts++;
                cancellationToken.ThrowIfCancellationRequested();
                finalDotSent = false;
                List<SmtpRecipientRejection>? refusedNow = null;
                try
                {
                    await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
                    TrackingSmtpClient client = _client!;
                    SessionTracker tracker = _tracker!;
                    client.BeginTransaction();
                    tracker.BeginTransaction();
                    try
                    {
                        delivery.Reply = await client.SendAsync(mime, sender, pending, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        finalDotSent = tracker.FinalDotSent;

                        // A copy only when there is something to keep (the client's list is reused by the next transaction).
                        refusedNow = client.Rejected.Count == 0 ? NoRejections : new List<SmtpRecipientRejection>(client.Rejected);
                    }

                    delivery.Accepted.AddRange(client.Accepted);
                    pending = Defer(pending, refusedNow, delivery);
                    if (pending.Count == 0)
                    {
                        return delivery.Receipt(_profile, _tlsVersion, _cipherSuite);
                    }

                    // Recipients deferred with 4xx (for example 452 too many recipients) get a new
                    // transaction of their own; the ones already accepted are not sent to again.
                    Log?.Invoke($"{pending.Count} recipient(s) deferred with a temporary reply; retrying them in a new transaction.");
                    await BackoffAsync(delivery.Attempts, null, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Aborted (Ctrl+C closes the socket under a blocked read): report the cancellation, not the broken pipe.
                    cancellationToken.ThrowIfCancellationRequested();
                    SmtpFailure failure = Classify(ex, finalDotSent, cancellationToken);
                    DropConnection();
                    if (ex is NoRecipientsAcceptedException && refusedNow is not null)
                    {
                        // Every recipient of this transaction refused: the permanent refusals are final,
                        // the temporary ones are tried again like a 452 after a successful DATA.
                        pending = Defer(pending, refusedNow, delivery);
                        if (pending.Count == 0)
                        {
                            return delivery.Accepted.Count > 0 ? delivery.Receipt(_profile, _tlsVersion, _cipherSuite) : throw failure.Error;
                        }

                        await BackoffAsync(delivery.Attempts, failure.Error, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    bool unknown = string.Equals(failure.Error.ErrorId, SmtpErrorIds.DeliveryUnknown, StringComparison.Ordinal);
                    bool retry = unknown ? ResendWhenDeliveryUnknown : failure.Transient;
                    if (retry && delivery.Attempts <= MaxRetries)
                    {
                        await BackoffAsync(delivery.Attempts, failure.Error, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    if (delivery.Accepted.Count == 0)
                    {
                        throw failure.Error;
                    }

                    delivery.GiveUp(pending, unknown, ex as SmtpCommandException, failure.Error.Message);
                    return delivery.Receipt(_profile, _tlsVersion, _cipherSuite);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && delivery.Accepted.Count > 0)
        {
            // Stopped after some recipients accepted it: still a receipt, and the rest are named.
            DropConnection();
            delivery.GiveUp(pending, finalDotSent, null, "the send was stopped before this recipient's transaction completed");
            return delivery.Receipt(_profile, _tlsVersion, _cipherSuite);
        }
    }

    /// <summary>Closes the connection at once, from any thread, interrupting a blocked send (for Ctrl+C).</summary>
    public void Abort()
    {
        try
        {
            _client?.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>Says goodbye (QUIT) and closes the connection, if one is open.</summary>
    /// <param name="cancellationToken">Cancels the goodbye.</param>
    /// <returns>A task.</returns>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        TrackingSmtpClient? client = _client;
        if (client is not null && client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
            {
                // The server went away first: nothing left to close politely.
            }
        }

        DropConnection();
    }

    /// <summary>Closes the connection without a QUIT (call <see cref="DisconnectAsync"/> first for a polite goodbye).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DropConnection();
    }

    private async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_client is not null && _client.IsConnected)
        {
            return;
        }

        try
        {
            await OpenAsync(freshToken: false, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenRefusedException)
        {
            // The token (cached, perhaps expired early or revoked) was refused: one reconnect with a fresh one.
            Log?.Invoke($"{_profile.Server}:{_profile.Port} refused the OAuth token; reconnecting once with a freshly acquired token.");
            DropConnection();
            await OpenAsync(freshToken: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OpenAsync(bool freshToken, CancellationToken cancellationToken)
    {
        DropConnection();
        IProtocolLogger? fileLogger = null;
        string? logPath = _profile.ProtocolLogPath;
        if (!string.IsNullOrEmpty(logPath))
        {
            fileLogger = ProtocolLogFile.Open(logPath!);
        }

        var tracker = new SessionTracker(fileLogger);
        var client = new TrackingSmtpClient(tracker)
        {
            Timeout = (int)Math.Min(int.MaxValue, _profile.Timeout.TotalMilliseconds),
            SslProtocols = TlsNames.Offered,

            // Revocation is not checked: submission servers are usually reached without access to
            // the CRL/OCSP responders of internal CAs, and a soft-fail check adds nothing but delay.
            CheckCertificateRevocation = false,
        };
        _client = client;
        _tracker = tracker;

        CertificateCheck? check = null;
        SslStream? ssl = null;
        client.ServerCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            ssl = sender as SslStream ?? ssl;
            check = CertificateCheck.Inspect(certificate, chain, errors, _profile.CertificatePins, _profile.Server, DateTimeOffset.UtcNow);
            return check.FailureId is null;
        };

        SecureSocketOptions options = _profile.TlsMode == SmtpTlsMode.Implicit ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        Log?.Invoke($"Connecting to {_profile.Server}:{_profile.Port} ({_profile.TlsMode}).");
        ConnectionsOpened++;
        try
        {
            Socket socket = await SocketConnector.ConnectAsync(_profile.Server, _profile.Port, _profile.Timeout, cancellationToken).ConfigureAwait(false);
            await client.ConnectAsync(socket, _profile.Server, _profile.Port, options, cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException ex)
        {
            if (check?.FailureId is not null)
            {
                throw new SecureMailOpsException(check.FailureId, FailureKind.SecurityError, check.FailureMessage!, _profile.Server, ex);
            }

            if (IsTimeout(ex, cancellationToken))
            {
                throw new SecureMailOpsException(SmtpErrorIds.Timeout, FailureKind.OperationTimeout,
                    $"{_profile.Server}:{_profile.Port} did not complete the TLS handshake within {_profile.Timeout.TotalSeconds:0.###} s.", _profile.Server, ex);
            }

            throw new SecureMailOpsException(SmtpErrorIds.TlsHandshakeFailed, FailureKind.SecurityError,
                $"The TLS handshake with {_profile.Server}:{_profile.Port} failed (the server may not support TLS 1.2 or later): {ex.InnerException?.Message ?? "no detail"}.",
                _profile.Server, ex);
        }
        catch (NotSupportedException ex) when (options == SecureSocketOptions.StartTls)
        {
            throw new SecureMailOpsException(SmtpErrorIds.StartTlsNotOffered, FailureKind.SecurityError,
                $"{_profile.Server}:{_profile.Port} does not offer STARTTLS: refused, no credentials sent (a missing STARTTLS may be a stripping attack, RFC 3207).",
                _profile.Server, ex);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode == 454)
        {
            throw new SecureMailOpsException(SmtpErrorIds.StartTlsRefused, FailureKind.SecurityError,
                $"{_profile.Server}:{_profile.Port} refused STARTTLS ({(int)ex.StatusCode} {ex.Message}): refused, no credentials sent.",
                _profile.Server, ex);
        }

        if (!client.IsSecure || !TlsNames.Meets(client.SslProtocol, _profile.MinimumTlsVersion))
        {
            string got = TlsNames.Version(client.SslProtocol);
            DropConnection();
            throw new SecureMailOpsException(SmtpErrorIds.TlsVersionTooLow, FailureKind.SecurityError,
                $"{_profile.Server}:{_profile.Port}: {TlsNames.BelowMinimum(got, _profile.MinimumTlsVersion)}; refused before any command.",
                _profile.Server);
        }

        _tlsVersion = TlsNames.Version(client.SslProtocol);
        _cipherSuite = TlsNames.CipherSuite(ssl ?? FindSslStream(client));
        Log?.Invoke($"TLS {_tlsVersion} {_cipherSuite} with {_profile.Server}:{_profile.Port}.");
        if (_profile.UserName is not null)
        {
            await AuthenticateAsync(client, freshToken, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AuthenticateAsync(TrackingSmtpClient client, bool freshToken, CancellationToken cancellationToken)
    {
        if ((client.Capabilities & SmtpCapabilities.Authentication) == SmtpCapabilities.None)
        {
            throw new SecureMailOpsException(SmtpErrorIds.AuthenticationNotOffered, FailureKind.AuthenticationError,
                $"{_profile.Server}:{_profile.Port} offers no AUTH mechanism after TLS; credentials were not sent.", _profile.Server);
        }

        IOAuthTokenSource? source = _profile.OAuthTokenSource;
        using SecureString? token = source is null ? null : await source.GetAccessTokenAsync(freshToken, cancellationToken).ConfigureAwait(false);
        SaslMechanism mechanism = ChooseMechanism(client, token);
        try
        {
            // One mechanism, one attempt: MailKit's credential overload would try every offered
            // mechanism in turn, which is a silent retry of a rejected password.
            await client.AuthenticateAsync(mechanism, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException ex) when (source is not null)
        {
            if (!freshToken)
            {
                throw new TokenRefusedException(ex);
            }

            throw new SecureMailOpsException(SmtpErrorIds.OAuthTokenRefused, FailureKind.AuthenticationError,
                $"{_profile.Server}:{_profile.Port} refused a freshly acquired OAuth token for '{_profile.UserName}' too (the app may lack SMTP.SendAsApp, or its access was revoked); not retried.",
                _profile.UserName, ex);
        }
        catch (AuthenticationException ex)
        {
            // MailKit's message carries only the server's reply text, but keep our own wording anyway.
            throw new SecureMailOpsException(SmtpErrorIds.AuthenticationFailed, FailureKind.AuthenticationError,
                $"{_profile.Server}:{_profile.Port} rejected the credentials for '{_profile.UserName}' (not retried).", _profile.UserName, ex);
        }

        Log?.Invoke($"Authenticated as '{_profile.UserName}'.");
    }

    private SaslMechanism ChooseMechanism(TrackingSmtpClient client, SecureString? sourcedToken)
    {
        SecureString? oauthToken = sourcedToken ?? _profile.OAuthToken;
        if (oauthToken is not null)
        {
            if (!client.AuthenticationMechanisms.Contains("XOAUTH2") && !client.AuthenticationMechanisms.Contains("OAUTHBEARER"))
            {
                throw new SecureMailOpsException(SmtpErrorIds.AuthenticationNotOffered, FailureKind.AuthenticationError,
                    $"{_profile.Server}:{_profile.Port} does not offer XOAUTH2 (offers: {string.Join(" ", client.AuthenticationMechanisms)}); the token was not sent.", _profile.Server);
            }

            return new SaslMechanismOAuth2(new NetworkCredential(_profile.UserName, oauthToken));
        }

        var credential = new NetworkCredential(_profile.UserName, _profile.Password);
        foreach (string name in PreferredMechanisms)
        {
            SaslMechanism? mechanism = client.AuthenticationMechanisms.Contains(name) ? SaslMechanism.Create(name, credential) : null;
            if (mechanism is not null)
            {
                return mechanism;
            }
        }

        throw new SecureMailOpsException(SmtpErrorIds.AuthenticationNotOffered, FailureKind.AuthenticationError,
            $"{_profile.Server}:{_profile.Port} offers no supported password mechanism (offers: {string.Join(" ", client.AuthenticationMechanisms)}); credentials were not sent.", _profile.Server);
    }

    private SmtpFailure Classify(Exception ex, bool finalDotSent, CancellationToken cancellationToken)
    {
        string where = $"{_profile.Server}:{_profile.Port}";
        switch (ex)
        {
            case SecureMailOpsException engine:
                return new SmtpFailure(engine, transient: false);
            case NoRecipientsAcceptedException:
            {
                var rejections = _client?.Rejected ?? new List<SmtpRecipientRejection>();
                bool anyTransient = rejections.Exists(r => r.Transient);
                string list = string.Join("; ", rejections.ConvertAll(r => r.ToString()));
                return new SmtpFailure(
                    new SecureMailOpsException(anyTransient ? SmtpErrorIds.TransientFailure : SmtpErrorIds.AllRecipientsRejected, FailureKind.ProtocolError,
                        $"{where} accepted none of the recipients: {list}.", null, ex),
                    anyTransient);
            }

            case SmtpCommandException command:
            {
                int code = (int)command.StatusCode;
                if (code == 530)
                {
                    return new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.AuthenticationRequired, FailureKind.AuthenticationError,
                        $"{where} requires authentication (530): give -Credential or -OAuthToken.", _profile.Server, ex), false);
                }

                if (code >= 400 && code < 500)
                {
                    string id = code == 421 ? SmtpErrorIds.ServiceUnavailable : SmtpErrorIds.TransientFailure;
                    return new SmtpFailure(new SecureMailOpsException(id, FailureKind.ConnectionError,
                        $"{where} answered {code} {command.Message.Trim()} (temporary).", _profile.Server, ex), true);
                }

                string rejectedId = command.ErrorCode == SmtpErrorCode.SenderNotAccepted ? SmtpErrorIds.SenderRejected : SmtpErrorIds.MessageRejected;
                return new SmtpFailure(new SecureMailOpsException(rejectedId, FailureKind.ProtocolError,
                    $"{where} rejected the message: {code} {command.Message.Trim()}.", command.Mailbox?.Address, ex), false);
            }
        }

        if (IsTimeout(ex, cancellationToken))
        {
            return finalDotSent
                ? new SmtpFailure(DeliveryUnknown(where, "timed out waiting for the reply", ex), false)
                : new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.Timeout, FailureKind.OperationTimeout,
                    $"{where} did not answer within {_profile.Timeout.TotalSeconds:0.###} s.", _profile.Server, ex), false);
        }

        if (ex is SocketException socket && _client?.IsConnected != true && !finalDotSent && (_tracker is null || !WasEverConnected()))
        {
            return new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.ConnectFailed, FailureKind.ConnectionError,
                $"Could not connect to {where}: {socket.SocketErrorCode}.", _profile.Server, ex), true);
        }

        if (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
        {
            return finalDotSent
                ? new SmtpFailure(DeliveryUnknown(where, "the connection was lost after the message was sent, before the server's reply", ex), false)
                : new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.ConnectionLost, FailureKind.ConnectionError,
                    $"The connection to {where} was lost before the message was accepted ({ex.Message}).", _profile.Server, ex), true);
        }

        if (ex is CryptographicException or AuthenticationException)
        {
            return new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.TlsHandshakeFailed, FailureKind.SecurityError,
                $"TLS with {where} failed: {ex.Message}.", _profile.Server, ex), false);
        }

        return new SmtpFailure(new SecureMailOpsException(SmtpErrorIds.SendFailed, FailureKind.NotSpecified,
            $"Sending through {where} failed: {ex.GetType().Name}: {ex.Message}.", _profile.Server, ex), false);
    }

    /// <summary>
    /// MailKit's netstandard2.0 build does not expose the cipher suite; its SMTP stream (an internal
    /// property) wraps the SslStream that knows it. Read-only reflection, and an empty name if MailKit changes.
    /// </summary>
    private static SslStream? FindSslStream(SmtpClient client)
    {
        object? smtpStream = typeof(SmtpClient).GetProperty("Stream", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(client);
        return smtpStream?.GetType().GetProperty("Stream")?.GetValue(smtpStream) as SslStream;
    }

    private bool WasEverConnected() => !string.IsNullOrEmpty(_tlsVersion);

    private SecureMailOpsException DeliveryUnknown(string where, string what, Exception ex) =>
        new(SmtpErrorIds.DeliveryUnknown, FailureKind.OutcomeUnknown,
            $"Delivery through {where} is unknown: {what}. The message may or may not have been accepted; it was not sent again.", _profile.Server, ex);

    private static bool IsTimeout(Exception ex, CancellationToken cancellationToken)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException || (e is SocketException s && s.SocketErrorCode == SocketError.TimedOut)
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return true;
            }
        }

        return false;
    }

    private async Task BackoffAsync(int attempt, SecureMailOpsException? reason, CancellationToken cancellationToken)
    {
        // Exponential backoff with "equal jitter": half the doubled delay fixed, half random, so
        // parallel senders that failed together do not retry in lockstep.
        double baseMs = RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        double capped = Math.Min(baseMs, 60_000);
        double delay = (capped / 2) + (capped / 2 * Jitter.NextDouble());
        Log?.Invoke($"Attempt {attempt} failed{(reason is null ? string.Empty : " (" + reason.ErrorId + ")")}; retrying in {delay / 1000:0.###} s (max {MaxRetries} retries).");
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), cancellationToken).ConfigureAwait(false);
        }
    }

    private void DropConnection()
    {
        TrackingSmtpClient? client = _client;
        SessionTracker? tracker = _tracker;
        _client = null;
        _tracker = null;
        _tlsVersion = string.Empty;
        _cipherSuite = string.Empty;
        client?.Dispose();
        tracker?.Dispose();
    }

    private static MailboxAddress FirstMailbox(InternetAddressList list)
    {
        foreach (MailboxAddress mailbox in list.Mailboxes)
        {
            return mailbox;
        }

        throw new SecureMailOpsException(SmtpErrorIds.AddressInvalid, FailureKind.InvalidArgument, "The message has no sender address.");
    }

    /// <summary>Splits this transaction's refusals: temporary ones (while retries are left) stay pending, the rest are final.</summary>
    private List<MailboxAddress> Defer(List<MailboxAddress> pending, List<SmtpRecipientRejection> refused, Delivery delivery)
    {
        var deferred = new List<MailboxAddress>();
        foreach (SmtpRecipientRejection rejection in refused)
        {
            if (rejection.Transient && delivery.Attempts <= MaxRetries)
            {
                MailboxAddress? mailbox = pending.Find(m => string.Equals(m.Address, rejection.Address, StringComparison.OrdinalIgnoreCase));
                deferred.Add(mailbox ?? MailboxAddress.Parse(rejection.Address));
            }
            else
            {
                delivery.Rejected.Add(rejection);
            }
        }

        return deferred;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(SecureMailSender));
        }
    }
}
