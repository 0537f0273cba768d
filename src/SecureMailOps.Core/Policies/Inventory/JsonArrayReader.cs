using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Streams the records of a JSON file: a top-level array of records, or an object whose record arrays
/// (<c>value</c>, as Microsoft Graph pages its responses; <c>users</c>, as Google's Directory API does;
/// <c>accounts</c>, <c>devices</c>, <c>connections</c>, <c>records</c>) hold them. The document is read
/// through a buffer with <see cref="Utf8JsonReader"/>, each record is cut out as it completes and parsed
/// by <see cref="JsonLineReader.Parse"/> (the same caches and shapes as JSON Lines), so memory stays at
/// the buffer plus one record whatever the file's size. A Graph page's <c>@odata.nextLink</c> is kept
/// (<see cref="NextLink"/>) so a caller can tell a chain of pages that stops early. An object with no
/// record array is one record, read whole (at most <see cref="MaxRecordBytes"/>).
/// </summary>
internal sealed class JsonArrayReader
{
    /// <summary>The largest record (and the largest single-record file) read.</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] Groups = { "value", "users", "accounts", "devices", "connections", "records" };

    private readonly Stream _stream;
    private readonly string _path;
    private readonly JsonLineReader _parser;
    private byte[] _buffer = new byte[256 * 1024];
    private int _length;
    private int _consumed;
    private bool _eof;
    private bool _started;
    private JsonReaderState _state = new(Options);
    private Phase _phase = Phase.Start;
    private bool _rootIsObject;
    private string? _property;

    // A record built in place by Step (see JsonLineReader.TryParseInPlace), and whether the next record is
    // to be read the checked way instead: found to its end first, then built (after the in-place build threw).
    private object? _parsed;
    private bool _parsedInPlace;
    private bool _checkedNext;

    // Lines: those before _buffer[0], plus those counted in _buffer[0.._countedTo).
    private int _linesBeforeBuffer;
    private int _countedTo;
    private int _countedLines;

    public JsonArrayReader(Stream stream, string path)
        : this(stream, path, null)
    {
    }

    /// <summary>Creates a reader whose records hold only the top-level fields <paramref name="selection"/> keeps (all when null).</summary>
    /// <param name="stream">The file.</param>
    /// <param name="path">The file's path, for places in errors.</param>
    /// <param name="selection">The fields to build, or null for all.</param>
    public JsonArrayReader(Stream stream, string path, FieldSelection? selection)
    {
        _stream = stream;
        _path = path;
        _parser = new JsonLineReader(stream, path, selection);
    }

    private enum Phase
    {
        Start,
        RootObject,
        Records,
        Done,
    }

    /// <summary>Gets the <c>@odata.nextLink</c> of a Graph page (more pages follow), or null.</summary>
    public string? NextLink { get; private set; }

    /// <summary>Gets the <c>@odata.context</c> of a Graph page (the collection it is a page of), or null.</summary>
    public string? ODataContext { get; private set; }

    /// <summary>Gets the group the last record came from (<c>accounts</c>, <c>value</c>, ...), or null for a top-level array.</summary>
    public string? Group { get; private set; }

    /// <summary>Gets the line the last record started on.</summary>
    public int Line { get; private set; }

    /// <summary>Gets the last record's place (path:line).</summary>
    public string Source => InventoryRecord.Place(_path, Line);

    /// <summary>Reads the next record; false at the end of the file.</summary>
    /// <param name="fields">The record's fields, or null when it is not usable.</param>
    /// <param name="error">Why the record is not usable, or null.</param>
    /// <returns>True when a record (or a record's error) was read.</returns>
    /// <exception cref="SecureMailOpsException">The file is not valid JSON or not of a shape that holds records.</exception>
    public bool TryRead(out RecordMap? fields, out SecureMailOpsException? error)
    {
        fields = null;
        error = null;
        if (!_started)
        {
            _started = true;
            Fill();
            if (_length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _consumed = 3;
            }
        }

        while (_phase != Phase.Done)
        {
            int start;
            int end;
            try
            {
                if (!Step(out start, out end))
                {
                    Refill();
                    continue;
                }
            }
            catch (JsonException ex)
            {
                // The reader state carries the line across buffers, so the exception's line is the file's (0-based).
                throw NotValidJson(ex, LineAt(_consumed) - 1);
            }

            if (start < 0)
            {
                continue;
            }

            Line = LineAt(start);
            _parser.LineNumber = Line;
            try
            {
                object? value = _parsedInPlace ? _parsed : _parser.Parse(new ReadOnlySpan<byte>(_buffer, start, end - start), Options);
                _parsedInPlace = false;
                _parsed = null;
                fields = value as RecordMap;
                if (fields is null)
                {
                    error = new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                        Source + ": a record must be a JSON object, not " + ValueCoercion.TypeName(value) + ".", Source);
                }
            }
            catch (JsonException ex)
            {
                error = new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData, Source + ": the record is not valid JSON: " + ex.Message, Source, ex);
            }
            catch (SecureMailOpsException ex)
            {
                error = ex;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Advances through the document's structure until a record is complete in the buffer (its range in
    /// start/end) or the structure moved on (start -1); false when the buffer ends first (refill, retry).
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    private bool Step(out int start, out int end)
    {
        start = -1;
        end = -1;
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, _consumed, _length - _consumed), _eof, _state);
        while (true)
        {
            long before = reader.BytesConsumed;
            JsonReaderState stateBefore = reader.CurrentState;
            if (!reader.Read())
            {
                if (_eof)
                {
                    throw new JsonException(_phase == Phase.Start ? "The file is empty." : "The document ends before it is complete.");
                }

                Save(ref reader, before, stateBefore);
                return false;
            }

            switch (_phase)
            {
                case Phase.Start:
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        _phase = Phase.Records;
                        Group = null;
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _phase = Phase.RootObject;
                        _rootIsObject = true;
                    }
                    else
                    {
                        throw new JsonException("The file holds a single " + reader.TokenType.ToString().ToLowerInvariant() + "; an inventory is a list of records or an object that holds them.");
                    }

                    break;

                case Phase.RootObject:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        Save(ref reader, reader.BytesConsumed, reader.CurrentState);
                        _phase = Phase.Done;
                        return true;
                    }

                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        _property = JsonLineReader.GetString(ref reader);
                        break;
                    }

                    if (reader.TokenType == JsonTokenType.StartArray && IsGroup(_property))
                    {
                        _phase = Phase.Records;
                        Group = _property;
                        SawRecordArray = true;
                        break;
                    }

                    if (reader.TokenType == JsonTokenType.String && string.Equals(_property, "@odata.nextLink", StringComparison.Ordinal))
                    {
                        NextLink = JsonLineReader.GetString(ref reader);
                    }
                    else if (reader.TokenType == JsonTokenType.String && string.Equals(_property, "@odata.context", StringComparison.Ordinal))
                    {
                        ODataContext = JsonLineReader.GetString(ref reader);
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        Save(ref reader, before, stateBefore);
                        return false;
                    }

                    break;

                case Phase.Records:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        if (_rootIsObject)
                        {
                            _phase = Phase.RootObject;
                            break;
                        }

                        Save(ref reader, reader.BytesConsumed, reader.CurrentState);
                        _phase = Phase.Done;
                        return true;
                    }

                    int tokenStart = _consumed + (int)reader.TokenStartIndex;
                    if (!_checkedNext && reader.TokenType == JsonTokenType.StartObject)
                    {
                        // The usual case, a record that is an object: built as it is tokenized, in one pass.
                        Line = LineAt(tokenStart);
                        _parser.LineNumber = Line;
                        bool whole;
                        try
                        {
                            whole = _parser.TryParseInPlace(ref reader, out _parsed);
                        }
                        catch (Exception ex) when (ex is JsonException or SecureMailOpsException)
                        {
                            // Read it again the checked way (skip to its end, then build it), so that invalid
                            // JSON in it ends the file and a record error leaves the rest readable, as before.
                            whole = false;
                            _checkedNext = true;
                        }

                        // The reader moved on inside the record; the state saved before it is where to resume.
                        if (!whole)
                        {
                            _consumed += (int)before;
                            _state = stateBefore;
                            return _checkedNext;
                        }

                        _parsedInPlace = true;
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        Save(ref reader, before, stateBefore);
                        return false;
                    }

                    _checkedNext = false;
                    start = tokenStart;
                    end = _consumed + (int)reader.BytesConsumed;
                    Save(ref reader, reader.BytesConsumed, reader.CurrentState);
                    return true;
            }
        }
    }

    /// <summary>Gets a value indicating whether the root object held a record array (else it is one record).</summary>
    public bool SawRecordArray { get; private set; }

    /// <summary>Gets a value indicating whether the file is one object without a record array: one record, to be read whole.</summary>
    public bool IsSingleRecord => _rootIsObject && !SawRecordArray && _phase == Phase.Done;

    /// <summary>Reads a file that is one record (see <see cref="IsSingleRecord"/>) from its start.</summary>
    /// <returns>The record's fields.</returns>
    /// <exception cref="SecureMailOpsException">The record is too large.</exception>
    public RecordMap ReadSingleRecord()
    {
        if (_stream.Length > MaxRecordBytes)
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.LimitsExceeded,
                _path + ": a file that is one record may be at most " + MaxRecordBytes.ToString(CultureInfo.InvariantCulture) + " bytes.", _path);
        }

        _stream.Position = 0;
        var bytes = new byte[_stream.Length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = _stream.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        int offset = read >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        _parser.LineNumber = 1;
        Line = 1;
        try
        {
            return (RecordMap)_parser.Parse(new ReadOnlySpan<byte>(bytes, offset, read - offset), Options)!;
        }
        catch (JsonException ex)
        {
            // The streaming pass accepted the top-level object; text after it (or inside it) fails only here,
            // and must be the same placed error as any other invalid JSON, not a raw parser exception.
            throw NotValidJson(ex, 0);
        }
    }

    /// <summary>The placed error for a file that is not valid JSON (file:line:column, 1-based).</summary>
    private SecureMailOpsException NotValidJson(JsonException ex, long zeroBasedLineIfUnknown)
    {
        long line = (ex.LineNumber ?? zeroBasedLineIfUnknown) + 1;
        string place = _path + ":" + line.ToString(CultureInfo.InvariantCulture) + ":" + ((ex.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        return new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData, place + ": the file is not valid JSON: " + ex.Message, _path, ex);
    }

    private void Save(ref Utf8JsonReader reader, long consumed, JsonReaderState state)
    {
        _consumed += (int)consumed;
        _state = state;
        if (_phase == Phase.Done || (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject))
        {
            CheckNothingFollows();
        }
    }

    private void CheckNothingFollows()
    {
        while (true)
        {
            for (int i = _consumed; i < _length; i++)
            {
                byte b = _buffer[i];
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                if (b == (byte)'/')
                {
                    return;
                }

                int line = LineAt(i);
                throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                    _path + ":" + line.ToString(CultureInfo.InvariantCulture) + ": the file is not valid JSON: something follows the end of the document.", _path);
            }

            if (_eof)
            {
                return;
            }

            _consumed = _length;
            Refill();
        }
    }

    private static bool IsGroup(string? name) => name is not null && Array.Exists(Groups, g => string.Equals(g, name, StringComparison.OrdinalIgnoreCase));

    private int LineAt(int index)
    {
        if (index < _countedTo)
        {
            _countedTo = 0;
            _countedLines = 0;
        }

        // IndexOf is vectorized: the lines of a whole file are counted here, record by record.
        var rest = new ReadOnlySpan<byte>(_buffer, _countedTo, index - _countedTo);
        int newline;
        while ((newline = rest.IndexOf((byte)'\n')) >= 0)
        {
            _countedLines++;
            rest = rest.Slice(newline + 1);
        }

        _countedTo = index;
        return _linesBeforeBuffer + _countedLines + 1;
    }

    private void Refill()
    {
        if (_eof)
        {
            throw new JsonException("The document ends before it is complete.");
        }

        // Keep the unread part; count the lines of what is dropped.
        int lineOfConsumed = LineAt(_consumed) - 1;
        int remaining = _length - _consumed;
        if (remaining >= _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
            {
                throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.LimitsExceeded,
                    _path + ":" + (lineOfConsumed + 1).ToString(CultureInfo.InvariantCulture) + ": a record is larger than " + MaxRecordBytes.ToString(CultureInfo.InvariantCulture) + " bytes.", _path);
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxRecordBytes));
        }

        Buffer.BlockCopy(_buffer, _consumed, _buffer, 0, remaining);
        _linesBeforeBuffer = lineOfConsumed;
        _countedTo = 0;
        _countedLines = 0;
        _length = remaining;
        _consumed = 0;
        Fill();
    }

    private void Fill()
    {
        while (_length < _buffer.Length)
        {
            int read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            _length += read;
        }
    }
}
