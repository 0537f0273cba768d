using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// Merges records of several inventory sources into one record per account (keyed by its id, the UPN or
/// primary address, or its e-mail address, case-insensitive) and per device (its id), keeping where every
/// field came from. A field two sources give different values is a warning naming both
/// (<see cref="PolicyErrorIds.InventoryConflict"/>); the first value is kept. Organisation-wide settings
/// (Get-TransportConfig) give their value to the mailboxes that inherit it (<c>mail.smtpAuthScope</c> is
/// <c>organization</c> and the mailbox has no value of its own).
/// Merging has to hold every record until the last one is read: memory grows with the number of records
/// (about the size of the records themselves, plus a small table per merged record); one source is streamed
/// instead (the commands merge only when they are given several).
/// </summary>
public sealed class InventoryMerger
{
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Entry> _entries = new();
    private readonly List<InventoryRecord> _settings = new();
    private readonly Queue<PolicyWarning> _warnings = new();

    /// <summary>Gets the number of merged records so far (organisation settings not counted).</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a record: merges it into the record with the same kind and id (or e-mail address), or keeps it as a new one.</summary>
    /// <param name="record">The record.</param>
    public void Add(InventoryRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        if (record.IsOrganizationSetting)
        {
            _settings.Add(record);
            return;
        }

        string idKey = Key(record.Kind, record.Id);
        string? email = SourceFields.Text(record.Fields, "email");
        string? emailKey = string.IsNullOrEmpty(email) ? null : Key(record.Kind, email!);
        if (!_byKey.TryGetValue(idKey, out Entry? entry) && (emailKey is null || !_byKey.TryGetValue(emailKey, out entry)))
        {
            entry = new Entry(record);
            _entries.Add(entry);
        }
        else
        {
            int origin = entry.AddOrigin(record);
            MergeInto(entry, entry.Fields, record.Fields, string.Empty, origin);
            entry.Mask |= record.SourceMask;
        }

        _byKey[idKey] = entry;
        if (emailKey is not null && !_byKey.ContainsKey(emailKey))
        {
            _byKey[emailKey] = entry;
        }
    }

    /// <summary>Takes the warnings raised so far (fields two sources disagree on), each once.</summary>
    /// <returns>The warnings, possibly none.</returns>
    public IReadOnlyList<PolicyWarning> TakeWarnings()
    {
        var list = _warnings.ToList();
        _warnings.Clear();
        return list;
    }

    /// <summary>Applies the organisation settings and gives the merged records, in the order their first record came.</summary>
    /// <returns>The records: one that nothing was merged into is given as it was read.</returns>
    public IReadOnlyList<InventoryRecord> Merge()
    {
        ApplySettings();
        var records = new List<InventoryRecord>(_entries.Count);
        foreach (Entry entry in _entries)
        {
            records.Add(entry.Build());
        }

        return records;
    }

    private static string Key(TargetKind kind, string id) => ((int)kind).ToString(CultureInfo.InvariantCulture) + ":" + id;

    private void ApplySettings()
    {
        RecordOrigin? chosen = null;
        object? smtpAuth = null;
        foreach (InventoryRecord setting in _settings)
        {
            if (setting.Fields.TryGetValue("mail", out object? mail) && mail is RecordMap map && map.TryGetValue("smtpAuthEnabled", out object? value) && value is not null)
            {
                RecordOrigin origin = setting.Provenance[0];
                if (chosen is null)
                {
                    chosen = origin;
                    smtpAuth = value;
                }
                else if (!Same(smtpAuth, value))
                {
                    _warnings.Enqueue(Conflict(setting.Id, "mail.smtpAuthEnabled", smtpAuth, chosen, value, origin));
                }
            }
        }

        if (chosen is null)
        {
            return;
        }

        int bit = _settings[0].SourceMask;
        foreach (Entry entry in _entries)
        {
            if (entry.Fields.TryGetValue("mail", out object? mail) && mail is RecordMap map
                && string.Equals(SourceFields.Text(map, "smtpAuthScope"), ExchangeOnlineMapping.OrganizationScope, StringComparison.OrdinalIgnoreCase)
                && (!map.TryGetValue("smtpAuthEnabled", out object? own) || own is null))
            {
                map["smtpAuthEnabled"] = smtpAuth;
                entry.Inherit("mail.smtpAuthEnabled", chosen);
                entry.Mask |= bit;
            }
        }
    }

    private void MergeInto(Entry entry, RecordMap target, RecordMap incoming, string prefix, int origin)
    {
        foreach (KeyValuePair<string, object?> field in incoming)
        {
            string path = prefix + field.Key;
            if (prefix.Length == 0 && (string.Equals(field.Key, InventorySources.SourceField, StringComparison.OrdinalIgnoreCase) || string.Equals(field.Key, "id", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (field.Value is null)
            {
                continue;
            }

            if (!target.TryGetValue(field.Key, out object? existing) || existing is null)
            {
                target[field.Key] = field.Value;
                entry.Register(path, field.Value, origin);
                continue;
            }

            if (existing is RecordMap existingMap && field.Value is RecordMap incomingMap)
            {
                MergeInto(entry, existingMap, incomingMap, path + ".", origin);
                continue;
            }

            bool caseless = prefix.Length == 0 && string.Equals(field.Key, "email", StringComparison.OrdinalIgnoreCase);
            if (!Same(existing, field.Value, caseless))
            {
                _warnings.Enqueue(Conflict(entry.Id, path, existing, entry.OriginOf(path), field.Value, entry.Origins[origin]));
            }
        }
    }

    private static PolicyWarning Conflict(string id, string path, object? kept, RecordOrigin? keptFrom, object? other, RecordOrigin otherFrom) =>
        new(PolicyErrorIds.InventoryConflict, string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1}: {2} is {3} in {4} but {5} in {6}; {3} is kept.",
            PolicyErrorIds.InventoryConflict,
            id,
            path,
            ValueCoercion.Describe(kept),
            keptFrom?.ToString() ?? "an earlier record",
            ValueCoercion.Describe(other),
            otherFrom));

    private static bool Same(object? a, object? b, bool caseless = false)
    {
        if (a is RecordList left && b is RecordList right)
        {
            return left.Count == right.Count && left.Zip(right, (x, y) => Same(x, y)).All(s => s);
        }

        if (a is RecordMap || b is RecordMap || a is RecordList || b is RecordList)
        {
            return false;
        }

        if (ValueCoercion.TryBool(a, out bool x) && ValueCoercion.TryBool(b, out bool y))
        {
            return x == y;
        }

        if (a is not string && b is not string && ValueCoercion.TryNumber(a, out double m) && ValueCoercion.TryNumber(b, out double n))
        {
            return m.Equals(n);
        }

        string? textA = Convert.ToString(a, CultureInfo.InvariantCulture);
        string? textB = Convert.ToString(b, CultureInfo.InvariantCulture);

        // Addresses and UPNs are case-insensitive: Entra's "Alex@contoso.com" is Exchange's "alex@contoso.com".
        caseless |= textA is not null && textB is not null && textA.IndexOf('@') > 0 && textB.IndexOf('@') > 0;
        return string.Equals(textA, textB, caseless ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>One merged record being built.</summary>
    private sealed class Entry
    {
        private readonly InventoryRecord _first;
        private Dictionary<string, int>? _fieldOrigins;
        private List<RecordOrigin>? _origins;

        public Entry(InventoryRecord first)
        {
            _first = first;
            Mask = first.SourceMask;
        }

        public string Id => _first.Id;

        public RecordMap Fields => _first.Fields;

        public int Mask { get; set; }

        public List<RecordOrigin> Origins => _origins ??= new List<RecordOrigin> { _first.Provenance[0] };

        /// <summary>Adds a record's origin; the first time, every field so far is the first record's.</summary>
        public int AddOrigin(InventoryRecord record)
        {
            if (_fieldOrigins is null)
            {
                _fieldOrigins = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                foreach (KeyValuePair<string, object?> field in _first.Fields)
                {
                    Register(field.Key, field.Value, 0);
                }
            }

            Origins.Add(record.Provenance[0]);
            return Origins.Count - 1;
        }

        public void Register(string path, object? value, int origin)
        {
            _fieldOrigins ??= new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            if (value is RecordMap map && map.Count > 0)
            {
                foreach (KeyValuePair<string, object?> field in map)
                {
                    Register(path + "." + field.Key, field.Value, origin);
                }
            }
            else
            {
                _fieldOrigins[path] = origin;
            }
        }

        public void Inherit(string path, RecordOrigin origin)
        {
            if (_fieldOrigins is null)
            {
                AddOrigin(_first);
                Origins.RemoveAt(Origins.Count - 1);
            }

            Origins.Add(origin);
            _fieldOrigins![path] = Origins.Count - 1;
        }

        public RecordOrigin? OriginOf(string path) =>
            _fieldOrigins is not null && _fieldOrigins.TryGetValue(path, out int index) ? Origins[index] : null;

        public InventoryRecord Build()
        {
            if (_fieldOrigins is null)
            {
                return _first;
            }

            string[] names = InventorySources.InMask(Mask).Where(s => !s.IsOrganizationSetting).Select(s => s.Name).ToArray();
            Fields[InventorySources.SourceField] = names.Length == 1 ? names[0] : new RecordList(names.Select(n => (object?)n));
            return new InventoryRecord(_first.Kind, _first.Id, Fields, _first.Source)
            {
                SourceMask = Mask,
                Origins = Origins.ToArray(),
                FieldOrigins = _fieldOrigins,
            };
        }
    }
}
