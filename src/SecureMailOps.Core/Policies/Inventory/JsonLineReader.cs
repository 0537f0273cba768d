using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Streams JSON Lines straight from the file's UTF-8 bytes: lines are found in a reused buffer and
/// each is parsed with <see cref="Utf8JsonReader"/> into the record model, so no line string and no
/// JSON document is allocated per record. Memory stays at the buffer plus one record, whatever the
/// file size.
/// </summary>
internal sealed class JsonLineReader
{
    private const int MaxLineBytes = 16 * 1024 * 1024;
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };
    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public JsonLineReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public int LineNumber { get; private set; }

    /// <summary>Reads the next non-blank line; false at the end of the file.</summary>
    /// <param name="fields">The record's fields, or null when the line is not valid.</param>
    /// <param name="error">The problem with the line, or null.</param>
    [MethodImpl(HotPath.Optimize)]
    public bool TryRead(out RecordMap? fields, out SecureMailOpsException? error)
    {
        fields = null;
        error = null;
        while (NextLine(out int offset, out int length))
        {
            ReadOnlySpan<byte> line = new(_buffer, offset, length);
            if (LineNumber == 1 && line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF)
            {
                line = line.Slice(3);
            }

            if (IsBlank(line))
            {
                continue;
            }

            string source = _path + ":" + LineNumber.ToString(CultureInfo.InvariantCulture);
            try
            {
                var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
                reader.Read();
                object? value = ReadValue(ref reader, source);
                if (reader.Read())
                {
                    throw new JsonException("Unexpected content after the record.");
                }

                fields = value as RecordMap ?? throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                    source + ": a record must be a JSON object, not " + ValueCoercion.TypeName(value) + ".", source);
            }
            catch (JsonException ex)
            {
                error = new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData, source + ": the line is not valid JSON: " + ex.Message, source, ex);
            }
            catch (SecureMailOpsException ex)
            {
                error = ex;
            }

            return true;
        }

        return false;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(HotPath.Optimize)]
    private static object? ReadValue(ref Utf8JsonReader reader, string source)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var map = new RecordMap();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    object? value = ReadValue(ref reader, source);
                    if (map.ContainsKey(name))
                    {
                        throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                            source + ": the field '" + name + "' appears twice (names are case-insensitive).", source);
                    }

                    map.Add(name, value);
                }

                return map;
            }

            case JsonTokenType.StartArray:
            {
                var list = new RecordList();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader, source));
                }

                return list;
            }

            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out long l) ? (object)l : reader.GetDouble();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                return null;
        }
    }

    [MethodImpl(HotPath.Optimize)]
    private bool NextLine(out int offset, out int length)
    {
        while (true)
        {
            int newline = _end > _start ? Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start) : -1;
            if (newline >= 0)
            {
                offset = _start;
                length = newline - _start;
                _start = newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                offset = _start;
                length = _end - _start;
                _start = _end;
                if (length == 0)
                {
                    return false;
                }

                LineNumber++;
                return true;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxLineBytes)
                {
                    throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.LimitsExceeded,
                        _path + ":" + (LineNumber + 1).ToString(CultureInfo.InvariantCulture) + ": a line is longer than " + MaxLineBytes.ToString(CultureInfo.InvariantCulture) + " bytes.", _path);
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }
            else
            {
                _end += read;
            }
        }
    }
}
