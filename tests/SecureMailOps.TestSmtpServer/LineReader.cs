using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SecureMailOps.TestSmtpServer;

/// <summary>Buffered CRLF line reader over a stream, with a DATA reader that stops at the lone dot.</summary>
internal sealed class LineReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;

    public LineReader(Stream stream)
    {
        _stream = stream;
    }

    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            for (int i = _start; i < _end; i++)
            {
                if (_buffer[i] == (byte)'\n')
                {
                    line.Append(Encoding.UTF8.GetString(_buffer, _start, i - _start));
                    _start = i + 1;
                    return line.ToString().TrimEnd('\r');
                }
            }

            line.Append(Encoding.UTF8.GetString(_buffer, _start, _end - _start));
            _start = _end = 0;
            int read = await _stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end = read;
        }
    }

    public async Task<string?> ReadDataAsync(CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (true)
        {
            string? line = await ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return null;
            }

            if (line == ".")
            {
                return data.ToString();
            }

            data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
        }
    }
}
