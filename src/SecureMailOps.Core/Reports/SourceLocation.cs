using System;
using System.Globalization;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// A finding's provenance read from its source text (<c>file:line</c>, as inventory records carry it),
/// so reports and CI annotations can point at the line a record came from.
/// </summary>
internal readonly struct SourceLocation
{
    internal SourceLocation(string? file, int line)
    {
        File = file;
        Line = line;
    }

    /// <summary>Gets the file, or null for records from the pipeline.</summary>
    public string? File { get; }

    /// <summary>Gets the line (1-based), or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>Reads <c>file:line</c> (or <c>file#record</c>, a file alone); null and pipeline input are no file.</summary>
    /// <param name="source">The record's source text.</param>
    /// <returns>The location.</returns>
    public static SourceLocation Parse(string? source)
    {
        if (string.IsNullOrEmpty(source))
        {
            return default;
        }

        int colon = source!.LastIndexOf(':');
        if (colon > 0 && colon < source.Length - 1
            && int.TryParse(source.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int line) && line > 0)
        {
            return new SourceLocation(source.Substring(0, colon), line);
        }

        // "input #3" and the like name no file; "file.json#3" is the third record of a JSON file, whose line is not known.
        if (source.StartsWith("input #", StringComparison.Ordinal))
        {
            return default;
        }

        int hash = source.LastIndexOf('#');
        if (hash > 0 && hash < source.Length - 1 && int.TryParse(source.Substring(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return new SourceLocation(source.Substring(0, hash), 0);
        }

        return new SourceLocation(source, 0);
    }
}
