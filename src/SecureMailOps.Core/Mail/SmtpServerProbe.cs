using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Probes an SMTP server without sending mail or credentials: banner, EHLO capabilities before and
/// after TLS, STARTTLS, negotiated TLS version and cipher, the certificate and how it validates.
/// Speaks SMTP itself (not through MailKit) because it must see what the server offers BEFORE TLS,
/// which a client that upgrades at once never reports; connects with the sender's SocketConnector and
/// judges the certificate with the sender's CertificateCheck and TLS minimum.
/// </summary>
public static class SmtpServerProbe
{
    private static readonly char[] Space = { ' ' };

    /// <summary>Probes a server.</summary>
    /// <param name="profile">Server, port, TLS mode, pins and timeout (credentials are ignored: a probe never authenticates).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The Connection record.</returns>
    /// <exception cref="SecureMailOpsException">SmtpConnectFailed or SmtpTimeout when the server cannot be reached.</exception>
    public static async Task<SmtpConnectionReport> ProbeAsync(SmtpProfile profile, CancellationToken cancellationToken = default)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        var report = new SmtpConnectionReport { Host = profile.Server, Port = profile.Port, TlsMode = profile.TlsMode.ToString(), ProbedAt = DateTimeOffset.UtcNow };
        Socket socket;
        try
        {
            // The sender's own connector: same address resolution, same connect timeout.
            socket = await SocketConnector.ConnectAsync(profile.Server, profile.Port, profile.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new SecureMailOpsException(SmtpErrorIds.Timeout, FailureKind.OperationTimeout,
                $"Could not connect to {profile.Server}:{profile.Port} within {profile.Timeout.TotalSeconds:0.###} s.", profile.Server, ex);
        }
        catch (SocketException ex)
        {
            throw new SecureMailOpsException(SmtpErrorIds.ConnectFailed, FailureKind.ConnectionError,
                $"Could not connect to {profile.Server}:{profile.Port}: {ex.SocketErrorCode}.", profile.Server, ex);
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        Stream stream = network;

        // Every read and write and the handshake share one deadline clock per step; Ctrl+C or a step
        // running out of time closes the connection, which ends any pending I/O at once.
        using var io = new ProbeIo(profile.Timeout, () => stream.Dispose(), cancellationToken);
        try
        {
            if (profile.TlsMode == SmtpTlsMode.Implicit)
            {
                report.StartTlsOffered = true;
                SslStream? ssl = await StartTlsAsync(stream, profile, report, io).ConfigureAwait(false);
                if (ssl is null)
                {
                    return report;
                }

                stream = ssl;
                var reader = new ReplyReader(stream, io);
                report.Banner = (await reader.ReadAsync().ConfigureAwait(false)).Text;
                report.Reachable = true;
                report.Capabilities = await EhloAsync(stream, reader, io).ConfigureAwait(false);
                report.AuthMechanismsAfterTls = AuthMechanisms(report.Capabilities);
                await QuitAsync(stream, io).ConfigureAwait(false);
            }
            else
            {
                var reader = new ReplyReader(stream, io);
                Reply greeting = await reader.ReadAsync().ConfigureAwait(false);
                report.Reachable = true;
                report.Banner = greeting.Text;
                if (greeting.Code != 220)
                {
                    report.Findings.Add($"The server greeted with {greeting.Code}, not 220.");
                    report.Error = SmtpErrorIds.ServiceUnavailable;
                    return report;
                }

                report.CapabilitiesBeforeTls = await EhloAsync(stream, reader, io).ConfigureAwait(false);
                report.AuthMechanismsBeforeTls = AuthMechanisms(report.CapabilitiesBeforeTls);
                report.StartTlsOffered = HasCapability(report.CapabilitiesBeforeTls, "STARTTLS");
                if (report.AuthBeforeTls)
                {
                    report.Findings.Add($"AUTH is offered before TLS ({string.Join(" ", report.AuthMechanismsBeforeTls)}): credentials could be sent in clear.");
                }

                if (!report.StartTlsOffered)
                {
                    report.Findings.Add("STARTTLS is not offered: mail and credentials would travel in clear (Send-SecureMail refuses this server).");
                    report.Error = SmtpErrorIds.StartTlsNotOffered;
                    await QuitAsync(stream, io).ConfigureAwait(false);
                    return report;
                }

                await WriteAsync(stream, "STARTTLS\r\n", io).ConfigureAwait(false);
                Reply starttls = await reader.ReadAsync().ConfigureAwait(false);
                if (starttls.Code != 220)
                {
                    report.Findings.Add($"STARTTLS was refused: {starttls.Code} {starttls.Text}.");
                    report.Error = SmtpErrorIds.StartTlsRefused;
                    return report;
                }

                SslStream? ssl = await StartTlsAsync(stream, profile, report, io).ConfigureAwait(false);
                if (ssl is null)
                {
                    return report;
                }

                stream = ssl;
                var secureReader = new ReplyReader(ssl, io);
                report.Capabilities = await EhloAsync(ssl, secureReader, io).ConfigureAwait(false);
                report.AuthMechanismsAfterTls = AuthMechanisms(report.Capabilities);
                await QuitAsync(ssl, io).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool timeout = io.TimedOut;
            if (!report.Reachable)
            {
                throw new SecureMailOpsException(timeout ? SmtpErrorIds.Timeout : SmtpErrorIds.ConnectionLost, timeout ? FailureKind.OperationTimeout : FailureKind.ConnectionError,
                    $"{profile.Server}:{profile.Port} {(timeout ? "did not answer in time" : "closed the connection")} before greeting.", profile.Server, ex);
            }

            report.Error = timeout ? SmtpErrorIds.Timeout : SmtpErrorIds.ConnectionLost;
            report.Findings.Add(timeout ? "The server stopped answering during the probe." : $"The connection was lost during the probe ({ex.Message}).");
        }
        finally
        {
            stream.Dispose();
            network.Dispose();
        }

        return report;
    }

    private static async Task<SslStream?> StartTlsAsync(Stream stream, SmtpProfile profile, SmtpConnectionReport report, ProbeIo io)
    {
        CertificateCheck? check = null;
#pragma warning disable CA5359 // The probe reports on the certificate instead of refusing it; it sends no secrets or mail (see below).
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (sender, certificate, chain, errors) =>
        {
            // The sender's own check (chain, name, expiry, pins), recorded instead of enforced.
            check = CertificateCheck.Inspect(certificate, chain, errors, profile.CertificatePins, profile.Server, DateTimeOffset.UtcNow);

            // The probe sends neither credentials nor mail, so it completes the handshake with any
            // certificate in order to report on it; the verdict goes into the record.
            return true;
        });
#pragma warning restore CA5359
        try
        {
            // SslProtocols.None lets the operating system negotiate what it allows, so the probe
            // reports the version a server really uses; the sender itself offers only 1.2 and 1.3.
#pragma warning disable CA5398 // Reason above: the probe observes; it never sends anything that needs protecting.
            await io.Step(ssl.AuthenticateAsClientAsync(profile.Server, null, SslProtocols.None, checkCertificateRevocation: false)).ConfigureAwait(false);
#pragma warning restore CA5398
        }
        catch (Exception ex) when (ex is AuthenticationException || (ex is IOException && !io.TimedOut))
        {
            report.Reachable = true;
            report.Error = SmtpErrorIds.TlsHandshakeFailed;
            report.Findings.Add($"The TLS handshake failed: {ex.Message}.");
            ssl.Dispose();
            return null;
        }

        report.Reachable = true;
        SmtpTlsReport tls = report.Tls;
        tls.Enabled = true;
        tls.Version = TlsNames.Version(ssl.SslProtocol);
        tls.CipherSuite = TlsNames.CipherSuite(ssl);
        if (check is not null)
        {
            tls.Subject = check.Subject;
            tls.Issuer = check.Issuer;
            tls.SubjectAlternativeNames = check.SubjectAlternativeNames;
            tls.NotBefore = check.NotBefore;
            tls.Expires = check.NotAfter;
            tls.CertificateDaysLeft = check.DaysLeft(DateTimeOffset.UtcNow);
            tls.ChainValid = check.ChainValid;
            tls.NameMatch = check.NameMatch;
            tls.PinMatch = check.PinMatch;
            tls.Sha256Fingerprint = check.Sha256;
            tls.CertificateValid = check.FailureId is null;
            tls.CertificateProblem = check.FailureId ?? string.Empty;
            if (check.FailureId is not null)
            {
                report.Findings.Add($"{check.FailureId}: {check.FailureMessage}");
            }
        }

        if (!TlsNames.Meets(ssl.SslProtocol, profile.MinimumTlsVersion))
        {
            report.Findings.Add(TlsNames.BelowMinimum(tls.Version, profile.MinimumTlsVersion) + ": Send-SecureMail refuses this server.");
        }

        return ssl;
    }

    private static async Task<List<string>> EhloAsync(Stream stream, ReplyReader reader, ProbeIo io)
    {
        await WriteAsync(stream, "EHLO securemailops.probe\r\n", io).ConfigureAwait(false);
        Reply reply = await reader.ReadAsync().ConfigureAwait(false);
        var capabilities = new List<string>();
        if (reply.Code != 250)
        {
            return capabilities;
        }

        for (int i = 1; i < reply.Lines.Count; i++)
        {
            capabilities.Add(reply.Lines[i].Trim());
        }

        return capabilities;
    }

    private static bool HasCapability(IReadOnlyList<string> capabilities, string name)
    {
        foreach (string capability in capabilities)
        {
            if (string.Equals(capability, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> AuthMechanisms(IReadOnlyList<string> capabilities)
    {
        var mechanisms = new List<string>();
        foreach (string capability in capabilities)
        {
            if (capability.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase) || capability.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase))
            {
                foreach (string mechanism in capability.Substring(5).Split(Space, StringSplitOptions.RemoveEmptyEntries))
                {
                    string upper = mechanism.ToUpperInvariant();
                    if (!mechanisms.Contains(upper))
                    {
                        mechanisms.Add(upper);
                    }
                }
            }
        }

        return mechanisms;
    }

    private static async Task QuitAsync(Stream stream, ProbeIo io)
    {
        try
        {
            await WriteAsync(stream, "QUIT\r\n", io).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Leaving anyway.
        }
    }

    private static async Task WriteAsync(Stream stream, string command, ProbeIo io)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(command);
        await io.Step(stream.WriteAsync(bytes, 0, bytes.Length, io.Token)).ConfigureAwait(false);
        await io.Step(stream.FlushAsync(io.Token)).ConfigureAwait(false);
    }

    private readonly struct Reply
    {
        public Reply(int code, List<string> lines)
        {
            Code = code;
            Lines = lines;
        }

        public int Code { get; }

        public List<string> Lines { get; }

        public string Text => string.Join(" | ", Lines);
    }

    /// <summary>Reads multi-line SMTP replies (a probe reads a few hundred bytes; the server sends nothing unasked, so no read-ahead crosses STARTTLS).</summary>
    private sealed class ReplyReader
    {
        private const int MaxLine = 4096;
        private readonly Stream _stream;
        private readonly ProbeIo _io;
        private readonly byte[] _buffer = new byte[1024];
        private int _start;
        private int _end;

        public ReplyReader(Stream stream, ProbeIo io)
        {
            _stream = stream;
            _io = io;
        }

        public async Task<Reply> ReadAsync()
        {
            var lines = new List<string>();
            while (lines.Count < 100)
            {
                string line = await ReadLineAsync().ConfigureAwait(false);
                if (line.Length < 3 || !int.TryParse(line.Substring(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
                {
                    throw new IOException($"The server sent a line that is not an SMTP reply: '{Truncate(line)}'.");
                }

                lines.Add(line.Length > 4 ? line.Substring(4) : string.Empty);
                if (line.Length == 3 || line[3] == ' ')
                {
                    return new Reply(code, lines);
                }
            }

            throw new IOException("The server sent a reply of more than 100 lines.");
        }

        private static string Truncate(string line) => line.Length > 80 ? line.Substring(0, 80) + "..." : line;

        private async Task<string> ReadLineAsync()
        {
            var builder = new StringBuilder();
            while (builder.Length < MaxLine)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await _io.Step(_stream.ReadAsync(_buffer, 0, _buffer.Length, _io.Token)).ConfigureAwait(false);
                    if (_end <= 0)
                    {
                        _end = 0;
                        throw new IOException("The server closed the connection.");
                    }
                }

                byte b = _buffer[_start++];
                if (b == '\n')
                {
                    return builder.ToString().TrimEnd('\r');
                }

                builder.Append((char)b);
            }

            throw new IOException("The server sent a line longer than 4096 bytes.");
        }
    }
}
