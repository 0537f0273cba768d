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
/// which a client that upgrades at once never reports.
/// </summary>
public static class SmtpServerProbe
{
    private static readonly char[] Space = { ' ' };

    /// <summary>Probes a server.</summary>
    /// <param name="profile">Server, port, TLS mode, pins and timeout (credentials are ignored: a probe never authenticates).</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The Connection record.</returns>
    /// <exception cref="SecureMailOpsException">SmtpConnectFailed or SmtpTimeout when the server cannot be reached.</exception>
    public static Task<SmtpConnectionReport> ProbeAsync(SmtpProfile profile, CancellationToken cancellationToken = default)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        // Blocking I/O with socket timeouts on a worker thread: the timeouts are exact and a
        // cancellation closes the socket, which unblocks any read.
        return Task.Run(() => Probe(profile, cancellationToken), cancellationToken);
    }

    private static SmtpConnectionReport Probe(SmtpProfile profile, CancellationToken cancellationToken)
    {
        var report = new SmtpConnectionReport { Host = profile.Server, Port = profile.Port, TlsMode = profile.TlsMode.ToString(), ProbedAt = DateTimeOffset.UtcNow };
        int timeoutMs = (int)Math.Min(int.MaxValue, profile.Timeout.TotalMilliseconds);
        using var tcp = new TcpClient();
        using CancellationTokenRegistration registration = cancellationToken.Register(() => tcp.Dispose());
        tcp.ReceiveTimeout = timeoutMs;
        tcp.SendTimeout = timeoutMs;
        try
        {
            Task connect = tcp.ConnectAsync(profile.Server, profile.Port);
            if (!connect.Wait(timeoutMs, cancellationToken))
            {
                throw new SecureMailOpsException(SmtpErrorIds.Timeout, FailureKind.OperationTimeout,
                    $"Could not connect to {profile.Server}:{profile.Port} within {profile.Timeout.TotalSeconds:0.###} s.", profile.Server);
            }
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException socket)
        {
            throw new SecureMailOpsException(SmtpErrorIds.ConnectFailed, FailureKind.ConnectionError,
                $"Could not connect to {profile.Server}:{profile.Port}: {socket.SocketErrorCode}.", profile.Server, socket);
        }

        try
        {
            Stream stream = tcp.GetStream();
            if (profile.TlsMode == SmtpTlsMode.Implicit)
            {
                report.StartTlsOffered = true;
                SslStream? ssl = StartTls(stream, profile, report);
                if (ssl is null)
                {
                    return report;
                }

                stream = ssl;
                var reader = new ReplyReader(stream);
                report.Banner = reader.Read().Text;
                report.Reachable = true;
                report.Capabilities = Ehlo(stream, reader);
                report.AuthMechanismsAfterTls = AuthMechanisms(report.Capabilities);
                Quit(stream);
            }
            else
            {
                var reader = new ReplyReader(stream);
                Reply greeting = reader.Read();
                report.Reachable = true;
                report.Banner = greeting.Text;
                if (greeting.Code != 220)
                {
                    report.Findings.Add($"The server greeted with {greeting.Code}, not 220.");
                    report.Error = SmtpErrorIds.ServiceUnavailable;
                    return report;
                }

                report.CapabilitiesBeforeTls = Ehlo(stream, reader);
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
                    Quit(stream);
                    return report;
                }

                Write(stream, "STARTTLS\r\n");
                Reply starttls = reader.Read();
                if (starttls.Code != 220)
                {
                    report.Findings.Add($"STARTTLS was refused: {starttls.Code} {starttls.Text}.");
                    report.Error = SmtpErrorIds.StartTlsRefused;
                    return report;
                }

                SslStream? ssl = StartTls(stream, profile, report);
                if (ssl is null)
                {
                    return report;
                }

                var secureReader = new ReplyReader(ssl);
                report.Capabilities = Ehlo(ssl, secureReader);
                report.AuthMechanismsAfterTls = AuthMechanisms(report.Capabilities);
                Quit(ssl);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool timeout = ex.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } || ex is SocketException { SocketErrorCode: SocketError.TimedOut };
            if (!report.Reachable)
            {
                throw new SecureMailOpsException(timeout ? SmtpErrorIds.Timeout : SmtpErrorIds.ConnectionLost, timeout ? FailureKind.OperationTimeout : FailureKind.ConnectionError,
                    $"{profile.Server}:{profile.Port} {(timeout ? "did not answer in time" : "closed the connection")} before greeting.", profile.Server, ex);
            }

            report.Error = timeout ? SmtpErrorIds.Timeout : SmtpErrorIds.ConnectionLost;
            report.Findings.Add(timeout ? "The server stopped answering during the probe." : $"The connection was lost during the probe ({ex.Message}).");
        }

        return report;
    }

    private static SslStream? StartTls(Stream stream, SmtpProfile profile, SmtpConnectionReport report)
    {
        CertificateCheck? check = null;
#pragma warning disable CA5359 // The probe reports on the certificate instead of refusing it; it sends no secrets or mail (see below).
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false, (sender, certificate, chain, errors) =>
        {
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
            ssl.AuthenticateAsClient(profile.Server, null, SslProtocols.None, checkCertificateRevocation: false);
#pragma warning restore CA5398
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
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
            report.Findings.Add($"TLS {tls.Version} is below the minimum {(profile.MinimumTlsVersion == SmtpTlsVersion.Tls13 ? "1.3" : "1.2")}.");
        }

        return ssl;
    }

    private static List<string> Ehlo(Stream stream, ReplyReader reader)
    {
        Write(stream, "EHLO securemailops.probe\r\n");
        Reply reply = reader.Read();
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

    private static void Quit(Stream stream)
    {
        try
        {
            Write(stream, "QUIT\r\n");
        }
        catch (IOException)
        {
            // Leaving anyway.
        }
    }

    private static void Write(Stream stream, string command)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(command);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush();
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

    /// <summary>Reads multi-line SMTP replies byte by byte (a probe reads a few hundred bytes; simplicity wins).</summary>
    private sealed class ReplyReader
    {
        private const int MaxLine = 4096;
        private readonly Stream _stream;

        public ReplyReader(Stream stream)
        {
            _stream = stream;
        }

        public Reply Read()
        {
            var lines = new List<string>();
            while (lines.Count < 100)
            {
                string line = ReadLine();
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

        private string ReadLine()
        {
            var builder = new StringBuilder();
            while (builder.Length < MaxLine)
            {
                int b = _stream.ReadByte();
                if (b < 0)
                {
                    throw new IOException("The server closed the connection.");
                }

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
