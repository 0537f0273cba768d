using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// A folder given as an inventory path: its inventory files (.json, .jsonl, .ndjson, .csv, .yaml, .yml; not
/// sub-folders), in natural name order (<see cref="NaturalFileOrder"/>), so the pages of a Microsoft Graph
/// response saved as <c>page-1.json</c> ... <c>page-12.json</c> are read in page order. At most
/// <see cref="MaxFiles"/> of them: their names are held and sorted, and their pages checked, before the first
/// record is read, so a folder of any size must not cost unbounded memory and time.
/// </summary>
public static class InventoryFolder
{
    /// <summary>The most inventory files one folder may hold (a Graph export of 10,000 pages is millions of records).</summary>
    public const int MaxFiles = 10_000;

    private static readonly string[] Extensions = { ".json", ".jsonl", ".ndjson", ".csv", ".yaml", ".yml" };

    /// <summary>Gives the files a path stands for: a folder's inventory files in natural order, or the path itself.</summary>
    /// <param name="path">A file or a folder.</param>
    /// <returns>The files; none for a folder without inventory files.</returns>
    /// <exception cref="SecureMailOpsException">The folder holds more than <see cref="MaxFiles"/> inventory files.</exception>
    public static IReadOnlyList<string> Expand(string path) => Expand(path, MaxFiles);

    /// <summary>Gives the files a path stands for, at most <paramref name="maxFiles"/> from a folder.</summary>
    /// <param name="path">A file or a folder.</param>
    /// <param name="maxFiles">The most inventory files the folder may hold.</param>
    /// <returns>The files; none for a folder without inventory files.</returns>
    /// <exception cref="SecureMailOpsException">The folder holds more than <paramref name="maxFiles"/> inventory files.</exception>
    internal static IReadOnlyList<string> Expand(string path, int maxFiles)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (!Directory.Exists(path))
        {
            return new[] { path };
        }

        // Enumerated, not listed: the count stops at one past the limit, however many entries the folder has.
        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(path))
        {
            if (!Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (files.Count == maxFiles)
            {
                throw new SecureMailOpsException(PolicyErrorIds.InventoryFolderLimit, FailureKind.LimitsExceeded, string.Format(
                    CultureInfo.InvariantCulture,
                    "The folder '{0}' holds more than {1:N0} inventory files, the most one folder may hold; split them into several folders and give each to -Path.",
                    path,
                    maxFiles), path);
            }

            files.Add(file);
        }

        files.Sort((a, b) => NaturalFileOrder.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }
}
