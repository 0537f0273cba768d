using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Checks that the Microsoft Graph pages read from one folder are whole responses. A page holds no link to
/// itself, only <c>@odata.nextLink</c> to the page after it, so the order pages are read in does not matter
/// (their records are the same either way) and what can be told is: every response of a collection (its
/// <c>@odata.context</c>) ends with exactly one page without <c>@odata.nextLink</c>, so none means its last
/// page is missing and two mean the folder mixes two exports; and when the files are numbered
/// (<c>page-1.json</c>, <c>page-2.json</c>, ...), a number that is absent is a missing page, named by the
/// files around it. A page missing in the middle of files that are not numbered cannot be told from
/// their content.
/// </summary>
public sealed class GraphPageChain
{
    // A message names at most this many of the files given (a wildcard may name thousands).
    private const int NamedInMessage = 5;
    private static readonly Regex Numbered = new(@"^(?<prefix>.*?)(?<number>\d+)$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private readonly string? _folder;
    private readonly List<Page> _pages = new();

    /// <summary>Creates a check for the pages of one folder.</summary>
    /// <param name="folder">The folder, for messages.</param>
    public GraphPageChain(string folder) => _folder = folder ?? throw new ArgumentNullException(nameof(folder));

    private GraphPageChain()
    {
    }

    /// <summary>
    /// Creates the check for the files named on their own (by path or wildcard, not by their folder). Several
    /// whole responses may be named side by side (two tenants' exports), and their names say nothing about
    /// page order, so the one thing checked is the one that can be told: a collection whose every page named
    /// has an <c>@odata.nextLink</c> (a page given without the pages after it) is incomplete, and the module
    /// does not fetch pages (<see cref="PolicyErrorIds.InventoryPageMissing"/>, as for a folder).
    /// </summary>
    /// <returns>The check.</returns>
    public static GraphPageChain ForNamedFiles() => new();

    /// <summary>Notes a file once it is read; files that are not Graph pages are left out.</summary>
    /// <param name="reader">The reader, after its records were read.</param>
    public void Add(InventoryReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        if (reader.IsGraphPage)
        {
            _pages.Add(new Page(reader.Path, reader.NextLink, reader.ODataContext));
        }
    }

    /// <summary>Gives what is wrong with the pages noted (none when each collection's pages are one whole response).</summary>
    /// <returns>The errors (<see cref="PolicyErrorIds.InventoryPageMissing"/>, <see cref="PolicyErrorIds.InventoryPageChain"/>).</returns>
    public IReadOnlyList<SecureMailOpsException> Check()
    {
        var errors = new List<SecureMailOpsException>();
        foreach (IGrouping<string, Page> collection in _pages.GroupBy(p => p.Context ?? string.Empty, StringComparer.Ordinal))
        {
            List<Page> pages = collection.ToList();
            string what = Describe(collection.Key);
            List<Page> last = pages.Where(p => p.NextLink is null).ToList();
            if (_folder is null)
            {
                if (last.Count == 0)
                {
                    errors.Add(NamedPagesOpen(pages, what));
                }

                continue;
            }

            if (last.Count == 0)
            {
                Page final = pages[pages.Count - 1];
                errors.Add(new SecureMailOpsException(PolicyErrorIds.InventoryPageMissing, FailureKind.ObjectNotFound, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: the last page of {1} is missing: each of the {2} pages in the folder has an @odata.nextLink, so more follow; the last file by name, {3}, links to {4}. Save every page (follow @odata.nextLink until a page has none).",
                    _folder,
                    what,
                    pages.Count,
                    Path.GetFileName(final.File),
                    final.NextLink), final.File));
            }
            else if (last.Count > 1)
            {
                errors.Add(new SecureMailOpsException(PolicyErrorIds.InventoryPageChain, FailureKind.InvalidData, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: {1} each end a response of {2} (no @odata.nextLink): the folder holds pages of more than one export; keep the pages of one export per folder.",
                    _folder,
                    string.Join(" and ", last.Select(p => Path.GetFileName(p.File))),
                    what), last[1].File));
            }

            errors.AddRange(NumberGaps(pages, what));
        }

        return errors;
    }

    /// <summary>The error for files named on their own whose every page links to another one.</summary>
    private static SecureMailOpsException NamedPagesOpen(List<Page> pages, string what)
    {
        pages.Sort((a, b) => NaturalFileOrder.Instance.Compare(Path.GetFileName(a.File), Path.GetFileName(b.File)));
        Page final = pages[pages.Count - 1];
        string which = pages.Count == 1
            ? "the file has an @odata.nextLink, so the response continues at " + final.NextLink + ", and no file given ends it"
            : string.Format(
                CultureInfo.InvariantCulture,
                "each of the {0} files given ({1}{2}) has an @odata.nextLink, so more pages follow; the last by name, {3}, links to {4}",
                pages.Count,
                string.Join(", ", pages.Take(NamedInMessage).Select(p => Path.GetFileName(p.File))),
                pages.Count > NamedInMessage ? ", ..." : string.Empty,
                Path.GetFileName(final.File),
                final.NextLink);
        return new SecureMailOpsException(PolicyErrorIds.InventoryPageMissing, FailureKind.ObjectNotFound, string.Format(
            CultureInfo.InvariantCulture,
            "{0}: the last page of {1} is missing: {2}. The module does not fetch pages: save every page (follow @odata.nextLink until a page has none) and give them all, or the folder that holds them.",
            final.File,
            what,
            which), final.File);
    }

    private static string Describe(string context)
    {
        if (context.Length == 0)
        {
            return "a Graph collection";
        }

        int hash = context.IndexOf('#');
        return hash >= 0 && hash < context.Length - 1 ? context.Substring(hash + 1) : context;
    }

    /// <summary>Pages numbered alike (the same name before the number, the same extension) with a number absent.</summary>
    private IEnumerable<SecureMailOpsException> NumberGaps(List<Page> pages, string what)
    {
        var numbered = new List<KeyValuePair<long, Page>>();
        string? prefix = null;
        string? extension = null;
        foreach (Page page in pages)
        {
            Match match = Numbered.Match(Path.GetFileNameWithoutExtension(page.File));
            if (!match.Success || match.Groups["number"].Value.Length > 9)
            {
                yield break;
            }

            string thisPrefix = match.Groups["prefix"].Value;
            string thisExtension = Path.GetExtension(page.File);
            if ((prefix is not null && !string.Equals(prefix, thisPrefix, StringComparison.OrdinalIgnoreCase))
                || (extension is not null && !string.Equals(extension, thisExtension, StringComparison.OrdinalIgnoreCase)))
            {
                yield break;
            }

            prefix = thisPrefix;
            extension = thisExtension;
            numbered.Add(new KeyValuePair<long, Page>(long.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture), page));
        }

        numbered.Sort((a, b) => a.Key.CompareTo(b.Key));
        for (int i = 1; i < numbered.Count; i++)
        {
            long before = numbered[i - 1].Key;
            long after = numbered[i].Key;
            if (after > before + 1)
            {
                string missing = after == before + 2
                    ? "page " + (before + 1).ToString(CultureInfo.InvariantCulture) + " of " + what + " is"
                    : "pages " + (before + 1).ToString(CultureInfo.InvariantCulture) + " to " + (after - 1).ToString(CultureInfo.InvariantCulture) + " of " + what + " are";
                yield return new SecureMailOpsException(PolicyErrorIds.InventoryPageMissing, FailureKind.ObjectNotFound, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: {1} missing: {2} is followed by {3}.",
                    _folder,
                    missing,
                    Path.GetFileName(numbered[i - 1].Value.File),
                    Path.GetFileName(numbered[i].Value.File)), numbered[i].Value.File);
            }
        }
    }

    private sealed class Page
    {
        public Page(string file, string? nextLink, string? context)
        {
            File = file;
            NextLink = nextLink;
            Context = context;
        }

        public string File { get; }

        public string? NextLink { get; }

        public string? Context { get; }
    }
}
