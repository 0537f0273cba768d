using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Inventory;
using SecureMailOps.Core.Policies.Yaml;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Reads an inventory file by its extension: YAML (.yaml/.yml), JSON (.json), JSON Lines (.jsonl/.ndjson,
/// streamed one record per line) or CSV (.csv, dotted column names become nested fields; a column
/// named <c>x[]</c> holds a ';'-separated list). A YAML or JSON file holds a list of records, a mapping
/// with <c>accounts</c>, <c>devices</c>, <c>connections</c> (or <c>records</c>) lists, or one record;
/// a JSON file may also be a Microsoft Graph page (<c>value</c>) or a Google Directory API page
/// (<c>users</c>), and JSON files are streamed (<see cref="JsonArrayReader"/>), as JSON Lines are.
/// A bad record is reported through the error callback and skipped; a bad file throws.
/// </summary>
public sealed class InventoryReader : IDisposable
{
    private static readonly string[] GroupNames = { "accounts", "devices", "connections", "records" };
    private readonly FileStream _stream;
    private readonly TargetKind? _defaultKind;
    private readonly string _format;
    private readonly Sources.InventorySource? _source;
    private readonly FieldSelection? _selection;

    private InventoryReader(string path, FileStream stream, string format, TargetKind? defaultKind, Sources.InventorySource? source, FieldSelection? selection)
    {
        Path = path;
        _stream = stream;
        _format = format;
        _defaultKind = defaultKind;
        _source = source;
        _selection = selection;
    }

    /// <summary>Gets the file being read.</summary>
    public string Path { get; }

    /// <summary>Gets the file's length in bytes (for progress).</summary>
    public long Length => _stream.Length;

    /// <summary>Gets the <c>@odata.nextLink</c> of a Microsoft Graph page once a JSON file is read: more pages follow, in other files.</summary>
    public string? NextLink { get; private set; }

    /// <summary>
    /// Gets, once a JSON file is read, whether it is a Microsoft Graph page: an object with a <c>value</c>
    /// array and an <c>@odata.context</c> or <c>@odata.nextLink</c> (pages of one response are checked as a
    /// chain, <see cref="GraphPageChain"/>).
    /// </summary>
    public bool IsGraphPage { get; private set; }

    /// <summary>Gets the <c>@odata.context</c> of a Microsoft Graph page once a JSON file is read (which collection it is a page of), or null.</summary>
    public string? ODataContext { get; private set; }

    /// <summary>Gets how far reading has got, in bytes (for progress).</summary>
    public long Position => _stream.CanSeek ? _stream.Position : 0;

    /// <summary>Opens an inventory file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultKind">The kind of records that carry none, or null.</param>
    /// <returns>The reader; dispose it.</returns>
    /// <exception cref="SecureMailOpsException">The file does not exist, cannot be opened or has an unknown extension.</exception>
    public static InventoryReader Open(string path, TargetKind? defaultKind) => Open(path, defaultKind, null);

    /// <summary>Opens an inventory file whose records are read as one inventory source, whatever their shape.</summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultKind">The kind of records that carry none, or null.</param>
    /// <param name="source">The source's name (docs/inventory-sources.md), or null to recognise each record by its shape.</param>
    /// <returns>The reader; dispose it.</returns>
    /// <exception cref="SecureMailOpsException">The source is unknown, or the file does not exist, cannot be opened or has an unknown extension.</exception>
    public static InventoryReader Open(string path, TargetKind? defaultKind, string? source) => Open(path, defaultKind, source, null);

    /// <summary>
    /// Opens an inventory file for an evaluation that reads only some fields: JSON and JSON Lines records then
    /// hold only the top-level fields that <paramref name="fieldsRead"/> names, that every record is looked up
    /// by, or that the sources read to recognise and map it (docs/inventory-sources.md, "Fields that are not
    /// read"). The other fields' values are still read and checked (malformed JSON stays an error with its
    /// place) but not converted. YAML and CSV records keep every field.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="defaultKind">The kind of records that carry none, or null.</param>
    /// <param name="source">The source's name, or null to recognise each record by its shape.</param>
    /// <param name="fieldsRead">The dotted field paths read (<see cref="PolicyEvaluator.FieldsRead"/>), or null to keep every field.</param>
    /// <returns>The reader; dispose it.</returns>
    /// <exception cref="SecureMailOpsException">The source is unknown, or the file does not exist, cannot be opened or has an unknown extension.</exception>
    public static InventoryReader Open(string path, TargetKind? defaultKind, string? source, IEnumerable<string>? fieldsRead)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        Sources.InventorySource? forced = Sources.InventorySources.Require(source);

        string extension = System.IO.Path.GetExtension(path).ToUpperInvariant();
        string format = extension switch
        {
            ".YAML" or ".YML" => "yaml",
            ".JSON" => "json",
            ".JSONL" or ".NDJSON" => "jsonl",
            ".CSV" => "csv",
            _ => throw new SecureMailOpsException(PolicyErrorIds.InventoryFormat, FailureKind.InvalidArgument,
                "The inventory '" + path + "' has the extension '" + extension.ToLowerInvariant() + "'; use .yaml, .yml, .json, .jsonl, .ndjson or .csv.", path),
        };

        if (!File.Exists(path))
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventoryNotFound, FailureKind.ObjectNotFound, "The inventory '" + path + "' does not exist.", path);
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            return new InventoryReader(path, stream, format, defaultKind, forced, FieldSelection.For(fieldsRead, forced));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecureMailOpsException(PolicyErrorIds.ReadFailed, FailureKind.ReadError, "Cannot read the inventory '" + path + "': " + ex.Message, path, ex);
        }
    }

    /// <summary>Reads the records, streaming where the format allows.</summary>
    /// <param name="onError">Called for each record that cannot be used (the reading goes on).</param>
    /// <returns>The records.</returns>
    public IEnumerable<InventoryRecord> ReadRecords(Action<SecureMailOpsException> onError)
    {
        if (onError is null)
        {
            throw new ArgumentNullException(nameof(onError));
        }

        return _format switch
        {
            "jsonl" => ReadJsonLines(onError),
            "csv" => ReadCsv(onError),
            "json" => ReadJson(onError),
            _ => ReadYaml(onError),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private IEnumerable<InventoryRecord> ReadJsonLines(Action<SecureMailOpsException> onError)
    {
        var lines = new JsonLineReader(_stream, Path, _selection);
        while (lines.TryRead(out RecordMap? fields, out SecureMailOpsException? error))
        {
            InventoryRecord? record = Take(fields, error, _defaultKind, lines.LineNumber, onError);
            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>Makes a streamed record, or reports why it cannot be one (and gives null).</summary>
    private InventoryRecord? Take(RecordMap? fields, SecureMailOpsException? error, TargetKind? kind, int line, Action<SecureMailOpsException> onError)
    {
        InventoryRecord? record = null;
        if (fields is not null)
        {
            try
            {
                record = RecordFactory.Create(fields, kind, Path, line, _source);
            }
            catch (SecureMailOpsException ex)
            {
                error = ex;
            }
        }

        if (error is not null)
        {
            onError(error);
        }

        return record;
    }

    private IEnumerable<InventoryRecord> ReadJson(Action<SecureMailOpsException> onError)
    {
        var json = new JsonArrayReader(_stream, Path, _selection);
        while (json.TryRead(out RecordMap? fields, out SecureMailOpsException? error))
        {
            TargetKind? kind = json.Group is null ? _defaultKind : GroupKind(json.Group) ?? _defaultKind;
            InventoryRecord? record = Take(fields, error, kind, json.Line, onError);
            if (record is not null)
            {
                yield return record;
            }
        }

        NextLink = json.NextLink;
        ODataContext = json.ODataContext;
        IsGraphPage = json.SawRecordArray && string.Equals(json.Group, "value", StringComparison.OrdinalIgnoreCase) && (NextLink is not null || ODataContext is not null);
        if (json.IsSingleRecord)
        {
            InventoryRecord? single = null;
            try
            {
                single = RecordFactory.Create(json.ReadSingleRecord(), _defaultKind, Path, 1, _source);
            }
            catch (SecureMailOpsException ex)
            {
                onError(ex);
            }

            if (single is not null)
            {
                yield return single;
            }
        }
    }

    private IEnumerable<InventoryRecord> ReadYaml(Action<SecureMailOpsException> onError)
    {
        IReadOnlyList<SafeNode?> documents;
        using (var reader = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true))
        {
            if (_stream.Length > SafeYamlLimits.Inventory.MaxFileBytes)
            {
                throw new PolicyLoadException(new PolicyLoadError(PolicyErrorIds.FileLimit, FailureKind.LimitsExceeded, Path, 0, 0,
                    "the YAML inventory is larger than " + SafeYamlLimits.Inventory.MaxFileBytes.ToString(CultureInfo.InvariantCulture) + " bytes; use JSON Lines for large inventories"));
            }

            documents = SafeYamlReader.Read(reader, Path, SafeYamlLimits.Inventory, _stream.Length);
        }

        var converter = new YamlRecordConverter(Path);
        foreach (SafeNode? document in documents)
        {
            if (document is null || (document is SafeScalar scalar && scalar.IsNull))
            {
                continue;
            }

            // Records keep their YAML line as their source.
            var items = new List<KeyValuePair<SafeNode, TargetKind?>>();
            if (document is SafeSequence sequence)
            {
                items.AddRange(sequence.Items.Select(n => new KeyValuePair<SafeNode, TargetKind?>(n, _defaultKind)));
            }
            else if (document is SafeMapping mapping && mapping.Entries.Any(e => IsGroup(e.Key.Value) && e.Value is SafeSequence))
            {
                foreach (var entry in mapping.Entries.Where(e => IsGroup(e.Key.Value) && e.Value is SafeSequence))
                {
                    TargetKind? kind = GroupKind(entry.Key.Value) ?? _defaultKind;
                    items.AddRange(((SafeSequence)entry.Value).Items.Select(n => new KeyValuePair<SafeNode, TargetKind?>(n, kind)));
                }
            }
            else
            {
                items.Add(new KeyValuePair<SafeNode, TargetKind?>(document, _defaultKind));
            }

            foreach (KeyValuePair<SafeNode, TargetKind?> item in items)
            {
                string source = Path + ":" + item.Key.Line.ToString(CultureInfo.InvariantCulture);
                InventoryRecord? record = null;
                try
                {
                    record = ToRecord(converter.ConvertRecord(item.Key), item.Value, source, _source);
                }
                catch (SecureMailOpsException ex)
                {
                    onError(ex);
                }

                if (record is not null)
                {
                    yield return record;
                }
            }
        }
    }

    private IEnumerable<InventoryRecord> ReadCsv(Action<SecureMailOpsException> onError)
    {
        using var text = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = new CsvReader(text);
        List<string>? header = csv.ReadRow();

        // Export-Csv in Windows PowerShell writes a "#TYPE <type name>" line before the header.
        if (header is { Count: 1 } && header[0].StartsWith("#TYPE", StringComparison.Ordinal))
        {
            header = csv.ReadRow();
        }

        if (header is null)
        {
            yield break;
        }

        var mapping = new CsvRowMapping(header, Path);
        List<string>? row;
        while ((row = csv.ReadRow()) is not null)
        {
            string source = Path + ":" + csv.RowLine.ToString(CultureInfo.InvariantCulture);
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            InventoryRecord? record = null;
            try
            {
                RecordMap fields = mapping.Map(row, source);
                record = RecordFactory.Create(fields, _defaultKind, source, _source);
            }
            catch (SecureMailOpsException ex)
            {
                onError(ex);
            }

            if (record is not null)
            {
                yield return record;
            }
        }
    }

    private static InventoryRecord ToRecord(object? value, TargetKind? kind, string source, Sources.InventorySource? forced)
    {
        if (value is not RecordMap fields)
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                source + ": a record must be a mapping of fields, not " + ValueCoercion.TypeName(value) + ".", source);
        }

        return RecordFactory.Create(fields, kind, source, forced);
    }

    private static bool IsGroup(string key) => GroupNames.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static TargetKind? GroupKind(string key) => RecordFactory.TryParseKind(key, out TargetKind kind) ? kind : null;
}
