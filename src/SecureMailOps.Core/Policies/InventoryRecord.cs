using System;
using System.Collections.Generic;
using System.Globalization;

namespace SecureMailOps.Core.Policies;

/// <summary>One record of an inventory: its kind, its id and its fields, with where it came from.</summary>
public sealed class InventoryRecord
{
    private readonly string? _path;
    private readonly int _line;

    // Built on first use from the file and line when the record was read from a file (any thread
    // may build it; they all build the same text).
    private string? _source;

    /// <summary>Creates a record.</summary>
    /// <param name="kind">The record's kind.</param>
    /// <param name="id">The record's id (the <c>id</c> field, or a stand-in naming its source).</param>
    /// <param name="fields">The fields.</param>
    /// <param name="source">The file (and line) it was read from, or null for pipeline objects.</param>
    public InventoryRecord(TargetKind kind, string id, RecordMap fields, string? source)
    {
        Kind = kind;
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Fields = fields ?? throw new ArgumentNullException(nameof(fields));
        _source = source;
    }

    /// <summary>Creates a record read from a line of a file; its source text is built when first read.</summary>
    /// <param name="kind">The record's kind.</param>
    /// <param name="id">The record's id.</param>
    /// <param name="fields">The fields.</param>
    /// <param name="path">The file.</param>
    /// <param name="line">The line number.</param>
    internal InventoryRecord(TargetKind kind, string id, RecordMap fields, string path, int line)
    {
        Kind = kind;
        Id = id;
        Fields = fields;
        _path = path;
        _line = line;
    }

    /// <summary>Gets the record's kind.</summary>
    public TargetKind Kind { get; }

    /// <summary>Gets the record's id; findings name it as TargetName.</summary>
    public string Id { get; }

    /// <summary>Gets the fields (case-insensitive names, nested maps and lists).</summary>
    public RecordMap Fields { get; }

    /// <summary>Gets where the record came from (file:line), or null; for a merged record, the first record merged into it.</summary>
    public string? Source => _source ??= _path is null ? null : Place(_path, _line);

    /// <summary>Gets the names of the inventory sources the record was read from (none for the native contract).</summary>
    public IReadOnlyList<string> InventorySources
    {
        get
        {
            var names = new List<string>();
            foreach (Sources.InventorySource source in Sources.InventorySources.InMask(SourceMask))
            {
                names.Add(source.Name);
            }

            return names;
        }
    }

    /// <summary>Gets where the record came from: one origin, or for a merged record one per record merged into it, in order.</summary>
    public IReadOnlyList<RecordOrigin> Provenance => Origins ?? new[] { new RecordOrigin(SourceName, Source) };

    /// <summary>Gets the bits (<see cref="Sources.InventorySource.Bit"/>) of the sources the record was read from; 0 for the native contract.</summary>
    internal int SourceMask { get; set; }

    /// <summary>Gets or sets, for a merged record, the records merged into it.</summary>
    internal RecordOrigin[]? Origins { get; set; }

    /// <summary>Gets or sets, for a merged record, which of <see cref="Origins"/> each field (dotted path) came from.</summary>
    internal Dictionary<string, int>? FieldOrigins { get; set; }

    /// <summary>Gets a value indicating whether the record is an organisation-wide setting (never evaluated itself).</summary>
    internal bool IsOrganizationSetting { get; set; }

    private string? SourceName => Fields.TryGetValue(Policies.Sources.InventorySources.SourceField, out object? name) ? name as string : null;

    /// <summary>Gives where a field (dotted path, or a field inside it) came from.</summary>
    /// <param name="path">The field path, without list indexes.</param>
    /// <returns>The origin; the record's own for records that were not merged; null when the field came from none.</returns>
    public RecordOrigin? OriginOf(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (Origins is null || FieldOrigins is null)
        {
            return Provenance[0];
        }

        if (FieldOrigins.TryGetValue(path, out int index))
        {
            return Origins[index];
        }

        foreach (KeyValuePair<string, int> entry in FieldOrigins)
        {
            if (Sources.InventorySource.IsInside(entry.Key, path) || Sources.InventorySource.IsInside(path, entry.Key))
            {
                return Origins[entry.Value];
            }
        }

        return null;
    }

    /// <summary>
    /// Makes a record from fields: the kind is the <c>kind</c> field, else <paramref name="defaultKind"/>;
    /// the id is the <c>id</c> field, else <c>name</c>, else <c>email</c>, else <paramref name="source"/>.
    /// </summary>
    /// <param name="fields">The fields.</param>
    /// <param name="defaultKind">The kind for a record without a kind field, or null.</param>
    /// <param name="source">Where the record came from, used as its id when it has none.</param>
    /// <returns>The record.</returns>
    /// <exception cref="Errors.SecureMailOpsException">The record has no kind, or an unknown one.</exception>
    public static InventoryRecord FromFields(RecordMap fields, TargetKind? defaultKind, string source) =>
        Inventory.RecordFactory.Create(fields ?? throw new ArgumentNullException(nameof(fields)), defaultKind, source);

    /// <summary>Makes a record from fields read as an inventory source (-Source), whatever their shape.</summary>
    /// <param name="fields">The fields.</param>
    /// <param name="defaultKind">The kind for a record without a kind field, or null.</param>
    /// <param name="source">Where the record came from, used as its id when it has none.</param>
    /// <param name="inventorySource">The source's name (docs/inventory-sources.md), or null to recognise the record by its shape.</param>
    /// <returns>The record.</returns>
    /// <exception cref="Errors.SecureMailOpsException">The source is unknown, or the record has no kind, or an unknown one.</exception>
    public static InventoryRecord FromFields(RecordMap fields, TargetKind? defaultKind, string source, string? inventorySource) =>
        Inventory.RecordFactory.Create(fields ?? throw new ArgumentNullException(nameof(fields)), defaultKind, source, Sources.InventorySources.Require(inventorySource));

    /// <summary>Formats a place in a file as file:line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The line number.</param>
    /// <returns>The text.</returns>
    internal static string Place(string path, int line) => path + ":" + line.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Kind + " " + Id;
}
