using System;
using System.IO;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Bytes gathered in one buffer and written to a stream in large blocks: the JUnit writer puts
/// millions of small pre-encoded fragments together, and a stream call per fragment costs more than
/// the copy.
/// </summary>
internal sealed class Utf8Sink
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _count;

    public Utf8Sink(Stream stream, int size = 65536)
    {
        _stream = stream;
        _buffer = new byte[size];
    }

    /// <summary>Gets the most bytes <see cref="GetSpan"/> hands out.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Gets the position in the stream the next byte goes to.</summary>
    public long Position => _stream.Position + _count;

    public void Write(byte[] bytes) => Write(bytes, 0, bytes.Length);

    public void Write(byte[] bytes, int offset, int count)
    {
        if (count > _buffer.Length - _count)
        {
            Flush();
            if (count > _buffer.Length)
            {
                _stream.Write(bytes, offset, count);
                return;
            }
        }

        Buffer.BlockCopy(bytes, offset, _buffer, _count, count);
        _count += count;
    }

    /// <summary>Room for <paramref name="size"/> bytes (at most <see cref="Capacity"/>) at the end of the buffer; <see cref="Advance"/> keeps what was put there.</summary>
    /// <param name="size">The bytes needed.</param>
    /// <returns>The room.</returns>
    public Span<byte> GetSpan(int size)
    {
        if (size > _buffer.Length - _count)
        {
            Flush();
        }

        return new Span<byte>(_buffer, _count, _buffer.Length - _count);
    }

    public void Advance(int count) => _count += count;

    /// <summary>Writes the buffer to the stream (the stream itself is not flushed).</summary>
    public void Flush()
    {
        if (_count > 0)
        {
            _stream.Write(_buffer, 0, _count);
            _count = 0;
        }
    }
}
