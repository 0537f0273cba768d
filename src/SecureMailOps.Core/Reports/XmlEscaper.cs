using System;
using System.IO;
using System.Xml;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Attribute values and element text encoded by the platform's XML writer, as UTF-8 bytes, for the
/// JUnit writer that puts its fixed markup together from pre-encoded fragments. Text made only of
/// printable ASCII other than <c>&lt; &gt; &amp; "</c> is what the XML writer would write unchanged, so it is
/// copied as it is; anything else (markup characters, control characters, line breaks, anything
/// beyond ASCII) goes through one long-lived <see cref="XmlWriter"/> (characters XML 1.0 forbids
/// become U+FFFD first, as everywhere in the report), whose output is cut out of its buffer.
/// </summary>
internal sealed class XmlEscaper : IDisposable
{
    // What the writer puts around the value: <a v="..." /> and <a>...</a>.
    private const int AttributeHead = 6;
    private const int AttributeTail = 4;
    private const int TextHead = 3;
    private const int TextTail = 4;

    // Longer text takes the writer's path even when plain, so the copy never needs more than the sink's buffer.
    private const int PlainCopyLimit = 4096;

    // The same settings as an indented JUnit XmlWriter apart from indentation (which never reaches inside an attribute or a text-only element).
    private static readonly XmlWriterSettings Settings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        CloseOutput = false,
        Encoding = AtomicFile.Utf8,
        OmitXmlDeclaration = true,
    };

    // The printable ASCII characters the XML writer writes as they are, in attribute values and in text.
    private static readonly bool[] Plain = BuildPlain();

    private readonly MemoryStream _stream = new();
    private readonly XmlWriter _xml;

    public XmlEscaper()
    {
        _xml = XmlWriter.Create(_stream, Settings);
    }

    /// <summary>Encodes an attribute value (without its quotes).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its bytes.</returns>
    public byte[] Attribute(string value)
    {
        if (IsPlain(value))
        {
            return AtomicFile.Utf8.GetBytes(value);
        }

        ArraySegment<byte> encoded = EncodeAttribute(value);
        return encoded.AsSpan().ToArray();
    }

    /// <summary>Encodes element text.</summary>
    /// <param name="value">The text.</param>
    /// <returns>Its bytes.</returns>
    public byte[] Text(string value)
    {
        if (IsPlain(value))
        {
            return AtomicFile.Utf8.GetBytes(value);
        }

        ArraySegment<byte> encoded = EncodeText(value);
        return encoded.AsSpan().ToArray();
    }

    /// <summary>Writes an attribute value (without its quotes) to <paramref name="sink"/>.</summary>
    /// <param name="sink">Where it goes.</param>
    /// <param name="value">The value.</param>
    public void WriteAttribute(Utf8Sink sink, string value)
    {
        if (!TryCopyPlain(sink, value))
        {
            ArraySegment<byte> encoded = EncodeAttribute(value);
            sink.Write(encoded.Array!, encoded.Offset, encoded.Count);
        }
    }

    /// <summary>Writes element text to <paramref name="sink"/>.</summary>
    /// <param name="sink">Where it goes.</param>
    /// <param name="value">The text.</param>
    public void WriteText(Utf8Sink sink, string value)
    {
        if (!TryCopyPlain(sink, value))
        {
            ArraySegment<byte> encoded = EncodeText(value);
            sink.Write(encoded.Array!, encoded.Offset, encoded.Count);
        }
    }

    public void Dispose()
    {
        _xml.Dispose();
        _stream.Dispose();
    }

    private static bool[] BuildPlain()
    {
        var plain = new bool[128];
        for (int c = 0x20; c < 0x7F; c++)
        {
            plain[c] = c is not ('<' or '>' or '&' or '"');
        }

        return plain;
    }

    private static bool IsPlain(string value)
    {
        foreach (char c in value)
        {
            if (c >= 128 || !Plain[c])
            {
                return false;
            }
        }

        return true;
    }

    // Checks and copies in one pass: for plain ASCII each character is its own UTF-8 byte.
    private static bool TryCopyPlain(Utf8Sink sink, string value)
    {
        int length = value.Length;
        if (length > PlainCopyLimit)
        {
            return false;
        }

        Span<byte> room = sink.GetSpan(length);
        for (int i = 0; i < length; i++)
        {
            char c = value[i];
            if (c >= 128 || !Plain[c])
            {
                return false;
            }

            room[i] = (byte)c;
        }

        sink.Advance(length);
        return true;
    }

    private ArraySegment<byte> EncodeAttribute(string value)
    {
        Reset();
        _xml.WriteStartElement("a");
        _xml.WriteAttributeString("v", XmlText.Clean(value));
        _xml.WriteEndElement();
        return Cut(AttributeHead, AttributeTail, (byte)'"');
    }

    private ArraySegment<byte> EncodeText(string value)
    {
        string clean = XmlText.Clean(value);
        if (clean.Length == 0)
        {
            return new ArraySegment<byte>(Array.Empty<byte>());
        }

        Reset();
        _xml.WriteStartElement("a");
        _xml.WriteString(clean);
        _xml.WriteEndElement();
        return Cut(TextHead, TextTail, (byte)'<');
    }

    private void Reset()
    {
        _xml.Flush();
        _stream.SetLength(0);
    }

    // The writer's markup around the value is fixed; checked, so a different writer could never put it into the report.
    private ArraySegment<byte> Cut(int head, int tail, byte last)
    {
        _xml.Flush();
        byte[] buffer = _stream.GetBuffer();
        int length = (int)_stream.Length;
        if (length < head + tail || buffer[head - 1] != (byte)(head == AttributeHead ? '"' : '>') || buffer[length - tail] != last)
        {
            throw new InvalidOperationException("The XML writer wrote an unexpected form around an encoded value.");
        }

        return new ArraySegment<byte>(buffer, head, length - head - tail);
    }
}
