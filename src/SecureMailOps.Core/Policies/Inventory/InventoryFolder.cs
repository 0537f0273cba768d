using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// A folder given as an inventory path: its inventory files (.json, .jsonl, .ndjson, .csv, .yaml, .yml; not
/// sub-folders), in natural name order (<see cref="NaturalFileOrder"/>), so the pages of a Microsoft Graph
/// response saved as <c>page-1.json</c> ... <c>page-12.json</c> are read in page order.
/// </summary>
public static class InventoryFolder
{
    private static readonly string[] Extensions = { ".json", ".jsonl", ".ndjson", ".csv", ".yaml", ".yml" };

    /// <summary>Gives the files a path stands for: a folder's inventory files in natural order, or the path itself.</summary>
    /// <param name="path">A file or a folder.</param>
    /// <returns>The files; none for a folder without inventory files.</returns>
    public static IReadOnlyList<string> Expand(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (!Directory.Exists(path))
        {
            return new[] { path };
        }

        return Directory.GetFiles(path)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetFileName(f), NaturalFileOrder.Instance)
            .ToList();
    }
}
