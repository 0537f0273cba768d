using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
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

    // Field names and short values (kinds, types, methods, dates) repeat on every line: each is turned
    // into a string once and shared, instead of allocated again per record.
    private const int CacheSlots = 1024;
    private const int MaxCachedValueBytes = 12;
    private const int MaxCachedNameBytes = 48;
    private const int ShapeSlots = 64;

    // Text in lists (Graph's methodsRegistered: "microsoftAuthenticatorPush", "softwareOneTimePasscode") is
    // longer than the short values above and repeats on every line: shared up to this length, once seen twice.
    private const int MaxCachedItemBytes = 48;
    private const string NotUtf8 = "A string is not valid UTF-8 text.";

    // One box for every true and one for every false in the file, instead of one per value.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private static readonly object[] SmallIntegers = CreateSmallIntegers(1024);
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    // Stands for a skipped field's value while an object's fields are collected; never in a record.
    private static readonly object Skipped = new();
    private readonly byte[]?[] _cachedBytes = new byte[CacheSlots][];
    private readonly string?[] _cachedStrings = new string[CacheSlots];

    // List items have a cache of their own, with the hash of the last item that missed in each slot: an item
    // is copied into the cache only when it comes back, so a list of distinct values (addresses) costs a hash.
    private readonly byte[]?[] _cachedItemBytes = new byte[CacheSlots][];
    private readonly string?[] _cachedItems = new string[CacheSlots];
    private readonly uint[] _missedItems = new uint[CacheSlots];

    // Names have a cache of their own, so the many distinct values (dates) never evict them.
    private readonly byte[]?[] _cachedNameBytes = new byte[CacheSlots][];
    private readonly string?[] _cachedNames = new string[CacheSlots];

    // Shapes (field-name arrays) by the name of the field that holds the object, two per slot: the
    // last one seen at [slot] (the prediction) and the one before at [slot + ShapeSlots], so records
    // that alternate between two shapes (an optional field present in some) reuse both.
    private readonly string[]?[] _shapes = new string[ShapeSlots * 2][];
    private readonly byte[][]?[] _shapeBytes = new byte[ShapeSlots * 2][][];
    private readonly string?[] _shapeParents = new string[ShapeSlots * 2];

    // Fields are collected here (one list per nesting depth) so each map is created at its exact size.
    private readonly List<List<KeyValuePair<string, object?>>> _pending = new();
    private readonly Stream _stream;
    private readonly string _path;
    private readonly FieldSelection? _selection;

    // The names of a shape without its skipped fields, by the shape's names array (two entries, as shapes alternate).
    private readonly string[]?[] _compactFrom = new string[2][];
    private readonly string[]?[] _compactTo = new string[2][];
    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public JsonLineReader(Stream stream, string path)
        : this(stream, path, null)
    {
    }

    /// <summary>Creates a reader that builds only the top-level fields <paramref name="selection"/> keeps (all when null).</summary>
    /// <param name="stream">The file.</param>
    /// <param name="path">The file's path, for places in errors.</param>
    /// <param name="selection">The fields to build, or null for all.</param>
    public JsonLineReader(Stream stream, string path, FieldSelection? selection)
    {
        _stream = stream;
        _path = path;
        _selection = selection;
    }

    /// <summary>Gets or sets the line errors name (set by <see cref="JsonArrayReader"/> for the records it hands over).</summary>
    public int LineNumber { get; set; }

    /// <summary>Gets the current line's place (path:line), built only when asked for.</summary>
    public string Source => _path + ":" + LineNumber.ToString(CultureInfo.InvariantCulture);

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

            try
            {
                var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
                reader.Read();
                object? value = ReadValue(ref reader, 0, string.Empty);
                if (reader.Read())
                {
                    throw new JsonException("Unexpected content after the record.");
                }

                fields = value as RecordMap ?? throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                    Source + ": a record must be a JSON object, not " + ValueCoercion.TypeName(value) + ".", Source);
            }
            catch (JsonException ex)
            {
                string source = Source;
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

    /// <summary>
    /// Parses one complete JSON value (a record cut out of a larger document by
    /// <see cref="JsonArrayReader"/>) with this reader's caches and shapes.
    /// </summary>
    /// <param name="json">The value's UTF-8 bytes.</param>
    /// <param name="options">The reader options (comments, trailing commas) of the document it came from.</param>
    /// <returns>The value in the record model.</returns>
    /// <exception cref="JsonException">The bytes are not one valid JSON value.</exception>
    /// <exception cref="SecureMailOpsException">A field appears twice.</exception>
    public object? Parse(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(options));
        reader.Read();
        object? value = ReadValue(ref reader, 0, string.Empty);
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the record.");
        }

        return value;
    }

    /// <summary>
    /// Parses the value a document's streaming reader is positioned on (a record of a JSON file, see
    /// <see cref="JsonArrayReader"/>) in place, so its bytes are tokenized once rather than once to find its
    /// end and again to build it. The reader may hold only part of the value (its block is not final): then
    /// the result is false, the value is to be ignored and the reader is spent (restore its state, refill and
    /// call again).
    /// </summary>
    /// <param name="reader">The streaming reader, on the value's first token.</param>
    /// <param name="value">The value in the record model, when complete.</param>
    /// <returns>True when the reader held the whole value and it was built.</returns>
    /// <exception cref="JsonException">The value is not valid JSON, or a string in it is not valid text.</exception>
    /// <exception cref="SecureMailOpsException">A field appears twice.</exception>
    [MethodImpl(HotPath.Optimize)]
    public bool TryParseInPlace(ref Utf8JsonReader reader, out object? value)
    {
        int depth = reader.CurrentDepth;
        bool container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
        value = ReadValue(ref reader, 0, string.Empty);

        // A container is whole only when the reader stopped on its own closing token: one that ran out of
        // bytes stops on an inner token (a deeper depth) or on the opening one.
        return !container || (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray);
    }

    private static object[] CreateSmallIntegers(int count)
    {
        var boxes = new object[count];
        for (int i = 0; i < count; i++)
        {
            boxes[i] = (long)i;
        }

        return boxes;
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
    private object? ReadValue(ref Utf8JsonReader reader, int depth, string parent)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                // A list item sits a level below its list, which keeps no scratch list of its own, so an
                // object may be more than one level deeper than the last one seen.
                while (_pending.Count <= depth)
                {
                    _pending.Add(new List<KeyValuePair<string, object?>>());
                }

                List<KeyValuePair<string, object?>> pending = _pending[depth];
                pending.Clear();
                HashSet<string>? seen = null;

                // The names are predicted from the last object under a field of the same name: while
                // they match it in order, each is taken from it without hashing, and no duplicate
                // check is needed (a shape is only kept once its names passed that check).
                int slot = ShapeSlot(parent);
                string[]? predicted = ReferenceEquals(_shapeParents[slot], parent) ? _shapes[slot] : null;
                byte[][]? predictedBytes = predicted is null ? null : _shapeBytes[slot];
                bool matching = predicted is not null;

                // A record's own fields (depth 0) that nothing will read are skipped: read and checked, not built.
                FieldSelection? selection = depth == 0 ? _selection : null;
                int skipped = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name;
                    int index = pending.Count;
                    if (matching && index < predicted!.Length && IsUnescaped(reader.ValueSpan, predictedBytes![index]))
                    {
                        name = predicted[index];
                    }
                    else
                    {
                        matching = false;
                        name = ReadText(ref reader, isName: true);
                    }

                    reader.Read();
                    object? value;
                    if (selection is not null && !selection.Keeps(name))
                    {
                        SkipValue(ref reader);
                        value = Skipped;
                        skipped++;
                    }
                    else
                    {
                        value = ReadValue(ref reader, depth + 1, name);
                    }

                    if (!matching && IsDuplicate(pending, ref seen, name))
                    {
                        string source = Source;
                        throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                            source + ": the field '" + name + "' appears twice (names are case-insensitive).", source);
                    }

                    pending.Add(new KeyValuePair<string, object?>(name, value));
                }

                string[] keys = matching && pending.Count == predicted!.Length ? predicted : SharedKeys(parent, pending);
                if (skipped > 0)
                {
                    return WithoutSkipped(keys, pending, skipped);
                }

                var values = new object?[pending.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = pending[i].Value;
                }

                pending.Clear();
                return RecordMap.WithSharedKeys(keys, values);
            }

            case JsonTokenType.StartArray:
            {
                var list = new RecordList();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(reader.TokenType == JsonTokenType.String ? ReadItemText(ref reader) : ReadValue(ref reader, depth + 1, parent));
                }

                return list;
            }

            case JsonTokenType.String:
                return ReadText(ref reader, isName: false);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out long l) ? BoxedInteger(l) : reader.GetDouble();
            case JsonTokenType.True:
                return BoxedTrue;
            case JsonTokenType.False:
                return BoxedFalse;
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads past a value without building it, checking it as building it would: every token of it is read
    /// (so malformed JSON is the same JsonException), and every string in it must be text (as decoding checks).
    /// </summary>
    /// <exception cref="JsonException">The value is not valid JSON, or a string in it is not valid text.</exception>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    CheckText(ref reader);
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.String)
        {
            CheckText(ref reader);
        }
    }

    private static void CheckText(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        if (bytes.IndexOf((byte)'\\') >= 0)
        {
            // Escapes (and the surrogates they may spell) are checked by decoding, as for a field that is built.
            GetString(ref reader);
        }
        else if (!Utf8Validation.IsValid(bytes))
        {
            throw new JsonException(NotUtf8);
        }
    }

    /// <summary>A record's fields without the skipped ones: its names array shared by every record of the shape.</summary>
    private RecordMap WithoutSkipped(string[] keys, List<KeyValuePair<string, object?>> pending, int skipped)
    {
        string[]? compact = null;
        for (int i = 0; i < _compactFrom.Length; i++)
        {
            if (ReferenceEquals(_compactFrom[i], keys))
            {
                compact = _compactTo[i];
                break;
            }
        }

        if (compact is null)
        {
            compact = new string[keys.Length - skipped];
            for (int i = 0, k = 0; i < keys.Length; i++)
            {
                if (!ReferenceEquals(pending[i].Value, Skipped))
                {
                    compact[k++] = keys[i];
                }
            }

            _compactFrom[1] = _compactFrom[0];
            _compactTo[1] = _compactTo[0];
            _compactFrom[0] = keys;
            _compactTo[0] = compact;
        }

        var values = new object?[compact.Length];
        for (int i = 0, k = 0; i < pending.Count; i++)
        {
            object? value = pending[i].Value;
            if (!ReferenceEquals(value, Skipped))
            {
                values[k++] = value;
            }
        }

        pending.Clear();
        return RecordMap.WithSharedKeys(compact, values);
    }

    // Small whole numbers (lengths, counts, ports) are boxed once each, not once per value.
    private static object BoxedInteger(long value) =>
        value >= 0 && value < SmallIntegers.Length ? SmallIntegers[value] : value;

    /// <summary>
    /// The field names of an object, shared with the previous object of the same shape under a field
    /// of the same name: in an inventory every record's <c>mfa</c> has the same fields, so one names
    /// array serves them all (the map copies it before changing it). The reader hands out one string
    /// per distinct name (its name cache), so the comparison is by reference.
    /// </summary>
    private string[] SharedKeys(string parent, List<KeyValuePair<string, object?>> pending)
    {
        int recent = ShapeSlot(parent);
        int older = recent + ShapeSlots;
        if (IsShape(recent, parent, pending))
        {
            return _shapes[recent]!;
        }

        if (IsShape(older, parent, pending))
        {
            // The shape before the last one came back: it becomes the prediction, the last one steps back.
            SwapShapes(recent, older);
            return _shapes[recent]!;
        }

        var keys = new string[pending.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = pending[i].Key;
        }

        var bytes = new byte[keys.Length][];
        for (int i = 0; i < keys.Length; i++)
        {
            bytes[i] = Encoding.UTF8.GetBytes(keys[i]);
        }

        _shapes[older] = _shapes[recent];
        _shapeBytes[older] = _shapeBytes[recent];
        _shapeParents[older] = _shapeParents[recent];
        _shapes[recent] = keys;
        _shapeBytes[recent] = bytes;
        _shapeParents[recent] = parent;
        return keys;
    }

    private bool IsShape(int index, string parent, List<KeyValuePair<string, object?>> pending)
    {
        string[]? cached = _shapes[index];
        if (cached is null || cached.Length != pending.Count || !ReferenceEquals(_shapeParents[index], parent))
        {
            return false;
        }

        for (int i = 0; i < cached.Length; i++)
        {
            if (!ReferenceEquals(cached[i], pending[i].Key))
            {
                return false;
            }
        }

        return true;
    }

    private void SwapShapes(int a, int b)
    {
        (_shapes[a], _shapes[b]) = (_shapes[b], _shapes[a]);
        (_shapeBytes[a], _shapeBytes[b]) = (_shapeBytes[b], _shapeBytes[a]);
        (_shapeParents[a], _shapeParents[b]) = (_shapeParents[b], _shapeParents[a]);
    }

    private static int ShapeSlot(string parent) => RuntimeHelpers.GetHashCode(parent) & (ShapeSlots - 1);

    // A name token equals a known name when its raw bytes are that name's UTF-8 and hold no escape.
    private static bool IsUnescaped(ReadOnlySpan<byte> token, byte[] expected) =>
        token.SequenceEqual(expected) && token.IndexOf((byte)'\\') < 0;

    /// <summary>Whether a field name is already in the object; a linear scan for the usual few fields, a set beyond.</summary>
    private static bool IsDuplicate(List<KeyValuePair<string, object?>> pending, ref HashSet<string>? seen, string name)
    {
        if (seen is not null)
        {
            return !seen.Add(name);
        }

        const int LinearLimit = 16;
        if (pending.Count < LinearLimit)
        {
            foreach (KeyValuePair<string, object?> field in pending)
            {
                if (string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object?> field in pending)
        {
            seen.Add(field.Key);
        }

        return !seen.Add(name);
    }

    /// <summary>
    /// A string token's text. Utf8JsonReader checks the structure, not the text: bytes that are not
    /// UTF-8 inside a string surface only here, as an InvalidOperationException, which is turned into
    /// the JsonException every caller reports with the record's place (found by fuzzing with afl++).
    /// </summary>
    /// <exception cref="JsonException">The string is not valid UTF-8.</exception>
    internal static string GetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw new JsonException(NotUtf8, ex);
        }
        catch (InvalidOperationException ex)
        {
            // An escape that spells half a surrogate pair ("\uD800") is no text either (GetString throws this
            // without an inner exception; found while making skipped values checked like built ones).
            throw new JsonException("A string is not valid text: " + ex.Message, ex);
        }
    }

    /// <summary>Reads a string token, sharing one string per distinct short unescaped text.</summary>
    [MethodImpl(HotPath.Optimize)]
    private string ReadText(ref Utf8JsonReader reader, bool isName)
    {
        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        if (bytes.Length > (isName ? MaxCachedNameBytes : MaxCachedValueBytes) || bytes.IndexOf((byte)'\\') >= 0)
        {
            return GetString(ref reader);
        }

        uint hash = Hash(bytes);

        int slot = (int)(hash % CacheSlots);
        byte[]?[] cachedBytes = isName ? _cachedNameBytes : _cachedBytes;
        string?[] cachedStrings = isName ? _cachedNames : _cachedStrings;
        byte[]? cached = cachedBytes[slot];
        if (cached is not null && bytes.SequenceEqual(cached))
        {
            return cachedStrings[slot]!;
        }

        // A name a compiled policy reads comes out as the policy's instance, so a look-up compares references.
        string text = isName ? FieldNameTable.Share(GetString(ref reader)) : GetString(ref reader);
        cachedBytes[slot] = bytes.ToArray();
        cachedStrings[slot] = text;
        return text;
    }

    /// <summary>FNV-1a of a token's bytes, for the text caches' slots.</summary>
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }

    /// <summary>Reads a string in a list: short ones as any value, longer ones shared once they repeat.</summary>
    [MethodImpl(HotPath.Optimize)]
    private string ReadItemText(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> bytes = reader.ValueSpan;
        if (bytes.Length <= MaxCachedValueBytes || bytes.Length > MaxCachedItemBytes || bytes.IndexOf((byte)'\\') >= 0)
        {
            return ReadText(ref reader, isName: false);
        }

        uint hash = Hash(bytes);

        int slot = (int)(hash % CacheSlots);
        byte[]? cached = _cachedItemBytes[slot];
        if (cached is not null && bytes.SequenceEqual(cached))
        {
            return _cachedItems[slot]!;
        }

        string text = GetString(ref reader);
        if (_missedItems[slot] == hash)
        {
            _cachedItemBytes[slot] = bytes.ToArray();
            _cachedItems[slot] = text;
        }
        else
        {
            _missedItems[slot] = hash;
        }

        return text;
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
