using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// One level of an inventory record: field names (case-insensitive, as PowerShell users expect)
/// to values. Values are null, string, bool, long, double, DateTimeOffset, a nested
/// <see cref="RecordMap"/>, or a <see cref="RecordList"/>. It is a dictionary (generic and
/// non-generic), so it reads naturally in PowerShell (<c>$record.Fields.mfa.enabled</c>).
/// </summary>
/// <remarks>
/// Records have a handful of fields per level and there are millions of them, so the fields live in
/// two arrays in insertion order instead of a hash table: a record costs a third of the memory of a
/// <see cref="Dictionary{TKey, TValue}"/>, and finding a field is a short scan that compares string
/// references first (readers hand out the instances compiled field paths use, see FieldNameTable) and case-insensitive
/// text only when that fails. Levels with many fields get a case-insensitive index on first look-up.
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "RecordMap is the published name of the record model (docs, help, user scripts); it is a dictionary by interface only.")]
public sealed class RecordMap : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>, IDictionary
{
    // Beyond this many fields a scan costs more than hashing the name. A mapped source record (a Graph
    // record's fifteen fields plus the contract's beside them) stays under it: building a hash table per
    // record, on the first look-up of a name it does not have, cost more than all its scans together.
    private const int ScanLimit = 32;

    // Four ways per set: a mapping adds a dozen or more fields to each record of a shape (top level, mfa,
    // sspr), and with one way two of those transitions sharing a slot evicted each other on every record
    // (a new names array and table entry per field per record, seen as 1.6x the bytes per record in some
    // processes and not others, as the slots hang on object hash codes).
    private const int TransitionSlots = 256;
    private const int TransitionWays = 4;

    // Names arrays are shared (and extended through the transition table) up to this many fields; a map
    // that grows beyond takes its own array, so a record with very many fields costs a doubling array,
    // not one longer names array per field.
    private const int MaxSharedFields = 32;
    private static readonly StringComparer NameComparer = StringComparer.OrdinalIgnoreCase;
    private string[] _keys;
    private object?[] _values;
    private int _count;
    private Dictionary<string, int>? _index;

    // The names array may be shared with other maps of the same shape (see WithSharedKeys): copied
    // before anything changes it in place.
    private bool _keysShared;

    // Shape transitions (names array + one more name -> the longer names array), per thread: a mapping
    // that adds the same fields to every record of a shape shares the longer arrays too, instead of
    // copying the names once per record.
    [ThreadStatic]
    private static Transition[]? _transitions;

    /// <summary>Creates an empty map.</summary>
    public RecordMap()
        : this(4)
    {
    }

    /// <summary>Creates an empty map with room for some fields.</summary>
    /// <param name="capacity">The expected number of fields.</param>
    public RecordMap(int capacity)
    {
        if (capacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must not be negative.");
        }

        _keys = capacity == 0 ? Array.Empty<string>() : new string[capacity];
        _values = capacity == 0 ? Array.Empty<object?>() : new object?[capacity];
    }

    /// <inheritdoc cref="ICollection{T}.Count" />
    public int Count => _count;

    /// <summary>Gets the field names, in the order they were added.</summary>
    public ICollection<string> Keys => CopyOf(_keys);

    /// <summary>Gets the values, in the order their fields were added.</summary>
    public ICollection<object?> Values => CopyOf(_values);

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    /// <inheritdoc />
    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;

    /// <inheritdoc />
    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

    /// <inheritdoc />
    bool IDictionary.IsFixedSize => false;

    /// <inheritdoc />
    bool IDictionary.IsReadOnly => false;

    /// <inheritdoc />
    ICollection IDictionary.Keys => CopyOf(_keys);

    /// <inheritdoc />
    ICollection IDictionary.Values => CopyOf(_values);

    /// <inheritdoc />
    bool ICollection.IsSynchronized => false;

    /// <inheritdoc />
    object ICollection.SyncRoot => this;

    /// <summary>Gets or sets a field's value; getting a field that is not there throws.</summary>
    /// <param name="key">The field name (any case).</param>
    /// <returns>The value.</returns>
    public object? this[string key]
    {
        get => TryGetValue(key, out object? value) ? value : throw new KeyNotFoundException("The record has no field '" + key + "'.");
        set
        {
            int i = IndexOf(key ?? throw new ArgumentNullException(nameof(key)));
            if (i >= 0)
            {
                _values[i] = value;
            }
            else
            {
                Append(key, value);
            }
        }
    }

    /// <inheritdoc />
    object? IDictionary.this[object key]
    {
        get => key is string name && TryGetValue(name, out object? value) ? value : null;
        set => this[AsName(key)] = value;
    }

    /// <summary>Adds a field; a name already there (in any case) is an error.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, object? value)
    {
        if (IndexOf(key ?? throw new ArgumentNullException(nameof(key))) >= 0)
        {
            throw new ArgumentException("The record already has a field '" + key + "' (names are case-insensitive).", nameof(key));
        }

        Append(key, value);
    }

    /// <summary>Gets a field's value.</summary>
    /// <param name="key">The field name (any case).</param>
    /// <param name="value">The value, or null when the field is not there.</param>
    /// <returns>Whether the field is there.</returns>
    public bool TryGetValue(string key, out object? value)
    {
        int i = IndexOf(key ?? throw new ArgumentNullException(nameof(key)));
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    /// <summary>
    /// Gets a field's value, trying the position the same name had last time first. Records of one
    /// inventory have their fields in the same order, so a compiled field path keeps one hint per
    /// step and usually finds its field without a scan. Any hint is safe: it is used only when the
    /// name at that position is the very instance asked for, so a stale or racing one just misses.
    /// </summary>
    /// <param name="key">The field name (any case).</param>
    /// <param name="hint">Where to look first; updated to where the field was found.</param>
    /// <param name="value">The value, or null when the field is not there.</param>
    /// <returns>Whether the field is there.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryGetValue(string key, ref int hint, out object? value)
    {
        int position = hint;
        if ((uint)position < (uint)_count && ReferenceEquals(_keys[position], key))
        {
            value = _values[position];
            return true;
        }

        int i = IndexOf(key);
        if (i >= 0)
        {
            hint = i;
            value = _values[i];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Gets whether a field is there.</summary>
    /// <param name="key">The field name (any case).</param>
    /// <returns>True when it is.</returns>
    public bool ContainsKey(string key) => IndexOf(key ?? throw new ArgumentNullException(nameof(key))) >= 0;

    /// <summary>Removes a field.</summary>
    /// <param name="key">The field name (any case).</param>
    /// <returns>True when it was there.</returns>
    public bool Remove(string key)
    {
        int i = IndexOf(key ?? throw new ArgumentNullException(nameof(key)));
        if (i < 0)
        {
            return false;
        }

        OwnKeys();
        _count--;
        Array.Copy(_keys, i + 1, _keys, i, _count - i);
        Array.Copy(_values, i + 1, _values, i, _count - i);
        _keys[_count] = null!;
        _values[_count] = null;
        _index = null;
        return true;
    }

    /// <inheritdoc cref="ICollection{T}.Clear" />
    public void Clear()
    {
        OwnKeys();
        Array.Clear(_keys, 0, _count);
        Array.Clear(_values, 0, _count);
        _count = 0;
        _index = null;
    }

    /// <summary>Enumerates the fields in the order they were added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < _count; i++)
        {
            yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    IDictionaryEnumerator IDictionary.GetEnumerator() => new EntryEnumerator(this);

    /// <inheritdoc />
    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        TryGetValue(item.Key, out object? value) && Equals(value, item.Value);

    /// <inheritdoc />
    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        if (array is null)
        {
            throw new ArgumentNullException(nameof(array));
        }

        for (int i = 0; i < _count; i++)
        {
            array[arrayIndex + i] = new KeyValuePair<string, object?>(_keys[i], _values[i]);
        }
    }

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)this).Contains(item) && Remove(item.Key);

    /// <inheritdoc />
    void IDictionary.Add(object key, object? value) => Add(AsName(key), value);

    /// <inheritdoc />
    bool IDictionary.Contains(object key) => key is string name && ContainsKey(name);

    /// <inheritdoc />
    void IDictionary.Remove(object key)
    {
        if (key is string name)
        {
            Remove(name);
        }
    }

    /// <inheritdoc />
    void ICollection.CopyTo(Array array, int index)
    {
        if (array is null)
        {
            throw new ArgumentNullException(nameof(array));
        }

        for (int i = 0; i < _count; i++)
        {
            array.SetValue(new DictionaryEntry(_keys[i], _values[i]), index + i);
        }
    }

    /// <summary>Gets whether this map and another share one names array (records of one shape, read from JSON Lines).</summary>
    /// <param name="other">The other map.</param>
    /// <returns>True when they do.</returns>
    internal bool SharesNamesWith(RecordMap other) => ReferenceEquals(_keys, other._keys);

    /// <summary>
    /// Makes a map over a names array that other maps of the same shape share (inventory readers
    /// give every record's <c>mfa</c> the same array). The names must be distinct (case-insensitively)
    /// and are never changed in place: the map copies them first.
    /// </summary>
    /// <param name="keys">The field names; not changed.</param>
    /// <param name="values">The values, one per name; the map owns this array.</param>
    /// <returns>The map.</returns>
    internal static RecordMap WithSharedKeys(string[] keys, object?[] values) =>
        new(0) { _keys = keys, _values = values, _count = keys.Length, _keysShared = true };

    /// <summary>Gets the names array when it is shared with other maps of the same shape (and holds exactly this map's names), else null.</summary>
    internal string[]? SharedShape => _keysShared && _count == _keys.Length ? _keys : null;

    /// <summary>Gets the value at a position of <see cref="SharedShape"/>.</summary>
    /// <param name="index">The position.</param>
    /// <returns>The value.</returns>
    internal object? ValueAt(int index) => _values[index];

    /// <summary>
    /// Gives the map a new shared names array and its values at once: a source's mapping that adds its fields to
    /// every record of one shape gives them all one longer names array, instead of appending field by field.
    /// </summary>
    /// <param name="keys">The names, distinct (case-insensitively); shared, never changed in place.</param>
    /// <param name="values">The values, one per name; the map owns this array.</param>
    internal void Reshape(string[] keys, object?[] values)
    {
        _keys = keys;
        _values = values;
        _count = keys.Length;
        _keysShared = true;
        _index = null;
    }

    /// <summary>
    /// Makes an empty map whose names array is shared from the start: the fields a mapping adds in the same
    /// order to every record (a source's <c>mfa</c>) then share one names array per shape, and each map owns
    /// only its values.
    /// </summary>
    /// <returns>The map.</returns>
    internal static RecordMap Shaped() => WithSharedKeys(Array.Empty<string>(), Array.Empty<object?>());

    private T[] CopyOf<T>(T[] items)
    {
        var copy = new T[_count];
        Array.Copy(items, copy, _count);
        return copy;
    }

    private static string AsName(object key) =>
        key as string ?? throw new ArgumentException("Field names are strings.", nameof(key));

    // References first: readers hand out the name instances compiled field paths use, so the usual
    // look-up never compares text. Then the same scan case-insensitively.
    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out int found) ? found : -1;
        }

        string[] keys = _keys;
        int count = _count;
        for (int i = 0; i < count; i++)
        {
            if (ReferenceEquals(keys[i], key))
            {
                return i;
            }
        }

        for (int i = 0; i < count; i++)
        {
            string candidate = keys[i];
            if (candidate.Length == key.Length && NameComparer.Equals(candidate, key))
            {
                return i;
            }
        }

        if (count > ScanLimit)
        {
            BuildIndex();
        }

        return -1;
    }

    private void OwnKeys()
    {
        if (_keysShared)
        {
            _keys = (string[])_keys.Clone();
            _keysShared = false;
        }
    }

    private void BuildIndex()
    {
        var index = new Dictionary<string, int>(_count, NameComparer);
        for (int i = 0; i < _count; i++)
        {
            index[_keys[i]] = i;
        }

        _index = index;
    }

    private void Append(string key, object? value)
    {
        // The instance a compiled policy uses for this name, when one does: records built field by
        // field (YAML, JSON, CSV, pipeline objects) are then read by reference like those of the
        // JSON Lines reader, instead of by a case-insensitive scan on every look-up.
        key = FieldNameTable.Share(key);
        if (_keysShared)
        {
            if (_count < MaxSharedFields)
            {
                AppendShared(key, value);
                return;
            }

            var owned = new string[_count * 2];
            Array.Copy(_keys, owned, _count);
            _keys = owned;
            _keysShared = false;
            if (_values.Length < owned.Length)
            {
                Array.Resize(ref _values, owned.Length);
            }
        }

        if (_count == _keys.Length)
        {
            // A shared names array is always full, so it is always copied here, never written.
            int size = Math.Max(4, _count * 2);
            Array.Resize(ref _keys, size);
            Array.Resize(ref _values, size);
            _keysShared = false;
        }

        _keys[_count] = key;
        _values[_count] = value;
        _index?.Add(key, _count);
        _count++;
    }

    /// <summary>
    /// Appends to a map whose names array is shared: the longer array comes from the thread's transition
    /// table (made and kept there the first time), so maps of one shape that get the same fields added
    /// keep sharing one names array; only the values array is this map's own (grown with room to spare).
    /// </summary>
    private void AppendShared(string key, object? value)
    {
        Transition[] transitions = _transitions ??= new Transition[TransitionSlots];
        int set = ((RuntimeHelpers.GetHashCode(_keys) * 31) + RuntimeHelpers.GetHashCode(key)) & (TransitionSlots - TransitionWays);
        string[]? longer = null;
        for (int way = 0; way < TransitionWays; way++)
        {
            Transition transition = transitions[set + way];
            if (ReferenceEquals(transition.From, _keys) && ReferenceEquals(transition.Key, key))
            {
                longer = transition.To;
                break;
            }
        }

        if (longer is null)
        {
            longer = new string[_count + 1];
            Array.Copy(_keys, longer, _count);
            longer[_count] = key;

            // The set's oldest entry goes: the others move up a way, the new one takes the first.
            Array.Copy(transitions, set, transitions, set + 1, TransitionWays - 1);
            transitions[set] = new Transition(_keys, key, longer);
        }

        if (_values.Length <= _count)
        {
            Array.Resize(ref _values, _count + 8);
        }

        _keys = longer;
        _values[_count] = value;
        _index?.Add(key, _count);
        _count++;
    }

    /// <summary>One shape transition: <see cref="From"/> plus <see cref="Key"/> is <see cref="To"/>.</summary>
    private readonly struct Transition
    {
        public Transition(string[] from, string key, string[] to)
        {
            From = from;
            Key = key;
            To = to;
        }

        public string[] From { get; }

        public string Key { get; }

        public string[] To { get; }
    }

    // The non-generic enumerator PowerShell uses to show a dictionary as Name/Value pairs.
    private sealed class EntryEnumerator : IDictionaryEnumerator
    {
        private readonly RecordMap _map;
        private int _position = -1;

        public EntryEnumerator(RecordMap map) => _map = map;

        public DictionaryEntry Entry => new(_map._keys[_position], _map._values[_position]);

        public object Key => _map._keys[_position];

        public object? Value => _map._values[_position];

        public object Current => Entry;

        public bool MoveNext() => ++_position < _map._count;

        public void Reset() => _position = -1;
    }
}
