using System;
using System.Text;
using MailKit;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// MailKit's protocol logger seam, used for two things. First, it sees every byte the client hands to
/// the connection (before encryption), so it knows whether the final "CRLF.CRLF" of a message has been
/// written: a connection lost after that point means delivery is unknown and the message must not be
/// resent blindly. Second, it forwards to the optional file logger (AUTH secrets redacted by MailKit's
/// secret detector) but never forwards message content: bodies may carry one-time codes.
/// </summary>
internal sealed class SessionTracker : IProtocolLogger
{
    private const ulong DataCommand = 0x444154410D0AUL; // "DATA\r\n"
    private const ulong EndOfData = 0x0D0A2E0D0AUL; // "\r\n.\r\n"
    private const ulong SixBytes = 0xFFFFFFFFFFFFUL;
    private const ulong FiveBytes = 0xFFFFFFFFFFUL;

    private readonly IProtocolLogger? _inner;
    private IAuthenticationSecretDetector? _detector;
    private ulong _tail;
    private bool _inData;
    private long _dataBytes;

    public SessionTracker(IProtocolLogger? inner)
    {
        _inner = inner;
    }

    /// <summary>Gets a value indicating whether the end-of-data marker of the current transaction was written.</summary>
    public bool FinalDotSent { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector
    {
        get => _detector;
        set
        {
            _detector = value;
            if (_inner is not null && value is not null)
            {
                _inner.AuthenticationSecretDetector = value;
            }
        }
    }

    /// <summary>Starts tracking a new mail transaction.</summary>
    public void BeginTransaction()
    {
        FinalDotSent = false;
        _inData = false;
        _tail = 0x0D0AUL;
        _dataBytes = 0;
    }

    public void LogConnect(Uri uri) => _inner?.LogConnect(uri);

    public void LogServer(byte[] buffer, int offset, int count) => _inner?.LogServer(buffer, offset, count);

    public void LogClient(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            return;
        }

        int commandStart = offset;
        int lineStart = offset;
        for (int i = offset; i < offset + count; i++)
        {
            byte b = buffer[i];
            _tail = (_tail << 8) | b;
            if (_inData)
            {
                _dataBytes++;
                if ((_tail & FiveBytes) == EndOfData)
                {
                    FinalDotSent = true;
                    _inData = false;
                    commandStart = i + 1;

                    // Formatted only for a protocol log: without one this runs per message for nothing.
                    if (_inner is not null)
                    {
                        LogSynthetic($"[message content not logged: {_dataBytes} bytes]\r\n.\r\n");
                    }
                }
            }
            else if ((_tail & SixBytes) == DataCommand && ((_tail >> 48) & 0xFF) == 0x0A)
            {
                // Forward the commands up to and including DATA; the content that follows is not logged.
                _inner?.LogClient(buffer, commandStart, i + 1 - commandStart);
                commandStart = int.MaxValue;
                _inData = true;
                _dataBytes = 0;
                _tail = 0x0D0AUL;
            }
            else if (b == 0x0A)
            {
                // BDAT ... LAST: the last chunk follows at once; treat it as sent.
                FinalDotSent |= IsLastChunkCommand(buffer, lineStart, i);
                lineStart = i + 1;
            }
        }

        if (!_inData && commandStart < offset + count)
        {
            _inner?.LogClient(buffer, commandStart, offset + count - commandStart);
        }
    }

    public void Dispose() => _inner?.Dispose();

    // Compared as bytes, not as a string: this sees every command line (MAIL FROM, RCPT TO) of every message.
    private static bool IsLastChunkCommand(byte[] buffer, int start, int end)
    {
        if (start < 0 || start >= end || end - start < 9 || end - start > 64)
        {
            return false;
        }

        if (!MatchesIgnoreCase(buffer, start, "BDAT "))
        {
            return false;
        }

        for (int i = start + 1; i + 5 <= end + 1; i++)
        {
            if (MatchesIgnoreCase(buffer, i, " LAST"))
            {
                return true;
            }
        }

        return false;
    }

    // ASCII letters only (the commands compared here); a byte matches its letter in either case.
    private static bool MatchesIgnoreCase(byte[] buffer, int at, string word)
    {
        if (at + word.Length > buffer.Length)
        {
            return false;
        }

        for (int k = 0; k < word.Length; k++)
        {
            int b = buffer[at + k];
            if (b >= 'a' && b <= 'z')
            {
                b -= 'a' - 'A';
            }

            if (b != word[k])
            {
                return false;
            }
        }

        return true;
    }

    private void LogSynthetic(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        _inner!.LogClient(bytes, 0, bytes.Length);
    }
}
