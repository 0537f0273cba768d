using System;
using System.Collections.Generic;
using System.Globalization;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Inventory;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// How a CSV row becomes a record, the one mapping both <c>Invoke-SecurityPolicy -Path x.csv</c> and
/// <c>Import-Csv x.csv | Invoke-SecurityPolicy</c> use: dotted column names (<c>mfa.enabled</c>) become
/// nested fields, a column named <c>x[]</c> holds a ';'-separated list (empty parts dropped), an empty
/// cell is no field at all, and cells stay text (the operators coerce them). Names are trimmed;
/// empty, malformed or repeated names are refused.
/// </summary>
public sealed class CsvRowMapping
{
    private readonly CsvColumn[] _columns;
    private readonly string[] _names;

    /// <summary>Initializes a new instance of the <see cref="CsvRowMapping"/> class.</summary>
    /// <param name="header">The column names.</param>
    /// <param name="source">Where the header is (a file), for errors.</param>
    /// <exception cref="SecureMailOpsException">A name is empty, malformed or repeated.</exception>
    public CsvRowMapping(IReadOnlyList<string> header, string source)
    {
        if (header is null)
        {
            throw new ArgumentNullException(nameof(header));
        }

        _names = new string[header.Count];
        for (int i = 0; i < header.Count; i++)
        {
            _names[i] = header[i];
        }

        _columns = CsvColumn.FromHeader(new List<string>(_names), source);
    }

    /// <summary>Gets the number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Tells whether this mapping was made for these column names (so a caller can reuse it row after row).</summary>
    /// <param name="header">The column names of a row.</param>
    /// <returns>True when the names are the same, in the same order.</returns>
    public bool IsFor(IReadOnlyList<string> header)
    {
        if (header is null || header.Count != _names.Length)
        {
            return false;
        }

        for (int i = 0; i < _names.Length; i++)
        {
            if (!string.Equals(header[i], _names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Maps one row's cells (null and empty cells give no field).</summary>
    /// <param name="cells">The cells, one per column.</param>
    /// <param name="source">Where the row is, for errors.</param>
    /// <returns>The record's fields.</returns>
    /// <exception cref="SecureMailOpsException">The row has another number of cells, or a column nests under another's value.</exception>
    public RecordMap Map(IReadOnlyList<string?> cells, string source)
    {
        if (cells is null)
        {
            throw new ArgumentNullException(nameof(cells));
        }

        if (cells.Count != _columns.Length)
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                source + ": the row has " + cells.Count.ToString(CultureInfo.InvariantCulture) + " cells; the header has " + _columns.Length.ToString(CultureInfo.InvariantCulture) + ".", source);
        }

        var fields = new RecordMap(_columns.Length);
        for (int i = 0; i < _columns.Length; i++)
        {
            string? cell = cells[i];
            if (!string.IsNullOrEmpty(cell))
            {
                _columns[i].Set(fields, cell!, source);
            }
        }

        return fields;
    }
}
