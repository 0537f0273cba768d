using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.TestSmtpServer;

/// <summary>
/// A loopback SMTP server that follows a script: it behaves, or fails in exactly one chosen way
/// (421 greeting, no STARTTLS, 454, a broken handshake, 535, 550/452 for one recipient, 451 at the end
/// of DATA, a drop mid-DATA or after the final dot, silence). Fast enough to serve as a benchmark sink.
/// </summary>
public sealed class ScriptedSmtpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ServerOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<ReceivedMessage> _dataReceived = new();
    private readonly ConcurrentQueue<string> _acceptedTokens = new();
    private int _expiredSessions;
    private int _refusedTokens;
    private int _errorChallenges;
    private int _faultsLeft;
    private int _connections;
    private int _transactions;

    public ScriptedSmtpServer(ServerOptions options)
    {
        _options = options;
        _faultsLeft = options.FaultCount;
        _certificate = CreateCertificate(options.Certificate);
        Pin = Convert.ToHexString(SHA256.HashData(_certificate.RawData));
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Gets the SHA-256 fingerprint of the server certificate (hex).</summary>
    public string Pin { get; }

    public int Connections => Volatile.Read(ref _connections);

    public IReadOnlyCollection<ReceivedMessage> Messages => _messages.ToArray();

    /// <summary>Gets every message whose data arrived in full (up to the final dot), whatever the server then answered or did.</summary>
    public IReadOnlyCollection<ReceivedMessage> DataReceived => _dataReceived.ToArray();

    /// <summary>Gets every command line received (AUTH arguments included: this is a test server).</summary>
    public IReadOnlyCollection<string> Commands => _commands.ToArray();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _certificate.Dispose();
        _stop.Dispose();
    }

    private bool TakeFault(Fault fault)
    {
        if (_options.Fault != fault)
        {
            return false;
        }

        return Interlocked.Decrement(ref _faultsLeft) >= 0;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            int connection = Interlocked.Increment(ref _connections);
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket, connection));
        }
    }

    /// <summary>Gets the XOAUTH2 tokens accepted (with <see cref="ServerOptions.TokenExpiry"/>), in order.</summary>
    public IReadOnlyCollection<string> AcceptedTokens => _acceptedTokens.ToArray();

    /// <summary>Gets how many sessions were closed at MAIL FROM because their token had expired.</summary>
    public int ExpiredSessions => Volatile.Read(ref _expiredSessions);

    /// <summary>Gets how many XOAUTH2 error challenges (334) were sent (with <see cref="ServerOptions.XOAuth2ErrorChallenge"/>).</summary>
    public int ErrorChallenges => Volatile.Read(ref _errorChallenges);

    /// <summary>Gets how many XOAUTH2 tokens were refused with 535 5.7.3 (with <see cref="ServerOptions.TokenExpiry"/>).</summary>
    public int RefusedTokens => Volatile.Read(ref _refusedTokens);

    /// <summary>Gets how many MAIL FROM commands the server has seen, over all connections.</summary>
    public int Transactions => Volatile.Read(ref _transactions);

    private ScriptAction Ask(int connection, string verb, string argument) =>
        _options.Script?.Invoke(new ScriptStep(connection, Volatile.Read(ref _transactions), verb, argument)) ?? ScriptAction.Default;

    // True when the connection must end (dropped, or closed after a 421); a hang never returns.
    private async Task<bool> ActAsync(ScriptAction action, Stream stream, StringBuilder replies)
    {
        switch (action.Kind)
        {
            case ScriptActionKind.Drop:
                return true;
            case ScriptActionKind.Hang:
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return true;
            case ScriptActionKind.Reply:
                replies.Append(action.Reply).Append("\r\n");
                if (action.Reply.StartsWith("421", StringComparison.Ordinal))
                {
                    await WriteAsync(stream, replies.ToString());
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var network = new NetworkStream(socket, ownsSocket: true);
        Stream stream = network;
        try
        {
            bool secure = false;
            if (_options.Tls == ServerTls.Implicit)
            {
                stream = await StartTlsAsync(network);
                secure = true;
            }

            var reader = new LineReader(stream);
            var replies = new StringBuilder();
            if (TakeFault(Fault.Greeting421))
            {
                await WriteAsync(stream, "421 4.3.2 Service not available, try later\r\n");
                return;
            }

            ScriptAction greeting = Ask(connection, "GREETING", string.Empty);
            if (greeting.Kind != ScriptActionKind.Default)
            {
                await ActAsync(greeting, stream, replies);
                if (replies.Length > 0)
                {
                    await WriteAsync(stream, replies.ToString());
                }

                return;
            }

            await WriteAsync(stream, "220 localhost scripted ESMTP\r\n");
            bool authenticated = false;
            DateTimeOffset? tokenExpires = null;
            string? from = null;
            var recipients = new List<string>();
            while (!_stop.IsCancellationRequested)
            {
                // Replies to pipelined commands go out together once no more input is waiting, as
                // real servers do: fewer TLS records and system calls per message.
                if (!reader.HasBufferedLine && replies.Length > 0)
                {
                    await WriteAsync(stream, replies.ToString());
                    replies.Clear();
                }

                string? line = await reader.ReadLineAsync(_stop.Token);
                if (line is null)
                {
                    return;
                }

                _commands.Enqueue(line);
                string verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                    case "HELO":
                        replies.Append(Ehlo(secure));
                        break;
                    case "STAR":
                        if (_options.Tls != ServerTls.StartTls || secure)
                        {
                            replies.Append("502 5.5.1 Not supported\r\n");
                        }
                        else if (TakeFault(Fault.StartTls454))
                        {
                            replies.Append("454 4.7.0 TLS not available due to temporary reason\r\n");
                        }
                        else if (TakeFault(Fault.HandshakeGarbage))
                        {
                            await WriteAsync(stream, replies.Append("220 2.0.0 Ready to start TLS\r\n").ToString());
                            replies.Clear();
                            await WriteAsync(stream, "this is not a TLS server hello, just garbage bytes\r\n");
                            return;
                        }
                        else
                        {
                            await WriteAsync(stream, replies.Append("220 2.0.0 Ready to start TLS\r\n").ToString());
                            replies.Clear();
                            stream = await StartTlsAsync(network);
                            reader = new LineReader(stream);
                            secure = true;
                        }

                        break;
                    case "AUTH":
                        (authenticated, tokenExpires) = await AuthenticateAsync(line, stream, reader);
                        break;
                    case "MAIL":
                        if (TakeFault(Fault.StopAnswering))
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        if (_options.Credentials is not null && !authenticated)
                        {
                            replies.Append("530 5.7.0 Authentication required\r\n");
                            break;
                        }

                        if (tokenExpires is { } expires && DateTimeOffset.UtcNow >= expires)
                        {
                            Interlocked.Increment(ref _expiredSessions);
                            await WriteAsync(stream, replies.Append("421 4.7.0 The OAuth token of this session has expired; reconnect\r\n").ToString());
                            return;
                        }

                        Interlocked.Increment(ref _transactions);
                        ScriptAction mail = Ask(connection, "MAIL", Between(line));
                        if (mail.Kind != ScriptActionKind.Default)
                        {
                            if (await ActAsync(mail, stream, replies))
                            {
                                return;
                            }

                            break;
                        }

                        from = Between(line);
                        recipients.Clear();
                        replies.Append("250 2.1.0 Ok\r\n");
                        break;
                    case "RCPT":
                        string rcpt = Between(line);
                        ScriptAction rcptAction = from is null ? ScriptAction.Default : Ask(connection, "RCPT", rcpt);
                        if (rcptAction.Kind != ScriptActionKind.Default)
                        {
                            if (await ActAsync(rcptAction, stream, replies))
                            {
                                return;
                            }
                        }
                        else if (from is null)
                        {
                            replies.Append("503 5.5.1 MAIL first\r\n");
                        }
                        else if (string.Equals(rcpt, _options.FaultRecipient, StringComparison.OrdinalIgnoreCase) && _options.Fault == Fault.RejectRecipient550)
                        {
                            replies.Append("550 5.1.1 No such user here\r\n");
                        }
                        else if (string.Equals(rcpt, _options.FaultRecipient, StringComparison.OrdinalIgnoreCase) && TakeFault(Fault.DeferRecipient452))
                        {
                            replies.Append("452 4.5.3 Too many recipients\r\n");
                        }
                        else
                        {
                            recipients.Add(rcpt);
                            replies.Append("250 2.1.5 Ok\r\n");
                        }

                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            replies.Append("554 5.5.1 No valid recipients\r\n");
                            break;
                        }

                        ScriptAction dataAction = Ask(connection, "DATA", string.Empty);
                        if (dataAction.Kind != ScriptActionKind.Default)
                        {
                            if (await ActAsync(dataAction, stream, replies))
                            {
                                return;
                            }

                            break;
                        }

                        await WriteAsync(stream, replies.Append("354 End data with <CR><LF>.<CR><LF>\r\n").ToString());
                        replies.Clear();
                        if (TakeFault(Fault.DropMidData))
                        {
                            await reader.ReadLineAsync(_stop.Token);
                            return;
                        }

                        string? data = await reader.ReadDataAsync(_stop.Token);
                        if (data is null)
                        {
                            return;
                        }

                        _dataReceived.Enqueue(new ReceivedMessage(from, recipients.ToArray(), data));

                        if (TakeFault(Fault.DropAfterDot))
                        {
                            return;
                        }

                        ScriptAction dot = Ask(connection, "DOT", string.Empty);
                        if (dot.Kind != ScriptActionKind.Default)
                        {
                            bool accepted = dot.Kind == ScriptActionKind.Reply && dot.Reply.StartsWith('2');
                            if (accepted)
                            {
                                _messages.Enqueue(new ReceivedMessage(from, recipients.ToArray(), data));
                            }

                            if (await ActAsync(dot, stream, replies))
                            {
                                return;
                            }

                            from = null;
                            recipients.Clear();
                            break;
                        }

                        if (TakeFault(Fault.DataEnd451))
                        {
                            replies.Append("451 4.3.0 Local error in processing, try again\r\n");
                        }
                        else
                        {
                            _messages.Enqueue(new ReceivedMessage(from, recipients.ToArray(), data));
                            replies.Append("250 2.0.0 Ok: queued\r\n");
                        }

                        from = null;
                        recipients.Clear();
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        replies.Append("250 2.0.0 Ok\r\n");
                        break;
                    case "NOOP":
                        replies.Append("250 2.0.0 Ok\r\n");
                        break;
                    case "QUIT":
                        await WriteAsync(stream, replies.Append("221 2.0.0 Bye\r\n").ToString());
                        return;
                    default:
                        replies.Append("500 5.5.2 Unknown command\r\n");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // The client went away or the handshake failed: that is what several tests are about.
        }
        finally
        {
            if (!ReferenceEquals(stream, network))
            {
                await stream.DisposeAsync();
            }
        }
    }

    private string Ehlo(bool secure)
    {
        var builder = new StringBuilder("250-localhost greets you\r\n");
        if (!secure && _options.Tls == ServerTls.StartTls)
        {
            builder.Append("250-STARTTLS\r\n");
        }

        if (_options.Credentials is not null && (secure || _options.AuthBeforeTls))
        {
            builder.Append("250-AUTH PLAIN LOGIN XOAUTH2\r\n");
        }

        builder.Append("250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 104857600\r\n");
        return builder.ToString();
    }

    private async Task<(bool Authenticated, DateTimeOffset? TokenExpires)> AuthenticateAsync(string line, Stream stream, LineReader reader)
    {
        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : string.Empty;
        string user;
        string secret;
        if (mechanism == "PLAIN")
        {
            string? initial = parts.Length > 2 ? parts[2] : null;
            if (initial is null)
            {
                await WriteAsync(stream, "334 \r\n");
                initial = await reader.ReadLineAsync(_stop.Token) ?? string.Empty;
            }

            string[] fields = Decode(initial).Split('\0');
            user = fields.Length > 1 ? fields[1] : string.Empty;
            secret = fields.Length > 2 ? fields[2] : string.Empty;
        }
        else if (mechanism == "LOGIN")
        {
            // System.Net.Mail sends the user name as an initial response ("AUTH LOGIN <base64>").
            if (parts.Length > 2)
            {
                user = Decode(parts[2]);
            }
            else
            {
                await WriteAsync(stream, "334 VXNlcm5hbWU6\r\n");
                user = Decode(await reader.ReadLineAsync(_stop.Token) ?? string.Empty);
            }

            await WriteAsync(stream, "334 UGFzc3dvcmQ6\r\n");
            secret = Decode(await reader.ReadLineAsync(_stop.Token) ?? string.Empty);
        }
        else if (mechanism == "XOAUTH2" && parts.Length > 2)
        {
            string[] fields = Decode(parts[2]).Split('\u0001');
            user = fields[0].StartsWith("user=", StringComparison.Ordinal) ? fields[0][5..] : string.Empty;
            secret = fields.Length > 1 && fields[1].StartsWith("auth=Bearer ", StringComparison.Ordinal) ? fields[1][12..] : string.Empty;
        }
        else
        {
            await WriteAsync(stream, "504 5.5.4 Unrecognized authentication type\r\n");
            return (false, null);
        }

        if (mechanism == "XOAUTH2" && _options.TokenExpiry is not null)
        {
            DateTimeOffset? expires = _options.TokenExpiry(user, secret);
            if (expires is not null)
            {
                _acceptedTokens.Enqueue(secret);
            }
            else
            {
                Interlocked.Increment(ref _refusedTokens);
            }

            await ReplyToTokenAsync(expires is not null, stream, reader);
            return (expires is not null, expires);
        }

        if (mechanism == "XOAUTH2" && _options.TokenValidator is not null)
        {
            bool valid = _options.TokenValidator(user, secret);
            await ReplyToTokenAsync(valid, stream, reader);
            return (valid, null);
        }

        if (_options.Credentials is not null && string.Equals(user + ":" + secret, _options.Credentials, StringComparison.Ordinal))
        {
            await WriteAsync(stream, "235 2.7.0 Authentication successful\r\n");
            return (true, null);
        }

        await WriteAsync(stream, "535 5.7.8 Authentication credentials invalid\r\n");
        return (false, null);
    }

    private async Task ReplyToTokenAsync(bool accepted, Stream stream, LineReader reader)
    {
        if (!accepted && _options.XOAuth2ErrorChallenge)
        {
            string status = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://outlook.office365.com/.default\"}"));
            await WriteAsync(stream, "334 " + status + "\r\n");
            await reader.ReadLineAsync(_stop.Token);
            Interlocked.Increment(ref _errorChallenges);
        }

        await WriteAsync(stream, accepted ? "235 2.7.0 Authentication successful\r\n" : "535 5.7.3 Authentication unsuccessful\r\n");
    }

    private async Task<Stream> StartTlsAsync(NetworkStream network)
    {
        var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _certificate,
            EnabledSslProtocols = _options.Protocols,
            ClientCertificateRequired = false,
        }, _stop.Token);
        return ssl;
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    private static string Between(string line)
    {
        int start = line.IndexOf('<', StringComparison.Ordinal);
        int end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : string.Empty;
    }

    private static async Task WriteAsync(Stream stream, string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    private static X509Certificate2 CreateCertificate(ServerCertificate kind)
    {
        string name = kind == ServerCertificate.WrongName ? "wrong.example" : "localhost";
        using RSA rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        if (kind != ServerCertificate.WrongName)
        {
            san.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        (DateTimeOffset notBefore, DateTimeOffset notAfter) = kind == ServerCertificate.Expired
            ? (now.AddDays(-60), now.AddDays(-1))
            : (now.AddDays(-1), now.AddDays(90));
        using X509Certificate2 created = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
