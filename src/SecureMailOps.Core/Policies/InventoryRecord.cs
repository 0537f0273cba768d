using System;
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

    /// <summary>Gets where the record came from (file:line), or null.</summary>
    public string? Source => _source ??= _path is null ? null : Place(_path, _line);

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

    /// <summary>Formats a place in a file as file:line.</summary>
    /// <param name="path">The file.</param>
    /// <param name="line">The line number.</param>
    /// <returns>The text.</returns>
    internal static string Place(string path, int line) => path + ":" + line.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Kind + " " + Id;
}
