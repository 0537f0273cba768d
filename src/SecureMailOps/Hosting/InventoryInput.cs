using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;
using SecureMailOps.Core.Policies.Sources;

namespace SecureMailOps.Hosting;

/// <summary>
/// One inventory file to read, from -Path (wildcards resolved, a folder expanded to its inventory files in
/// natural name order), with the -Source paired with its -Path entry and, for a folder's files, the check of
/// the folder's Microsoft Graph pages.
/// </summary>
internal sealed class InventoryInput
{
    private InventoryInput(string file, string? source, GraphPageChain? pages)
    {
        File = file;
        Source = source;
        Pages = pages;
    }

    /// <summary>Gets the file.</summary>
    public string File { get; }

    /// <summary>Gets the source to read it as, or null to recognise records by their shape.</summary>
    public string? Source { get; }

    /// <summary>Gets the page check of the folder the file is in, or of the files named on their own.</summary>
    public GraphPageChain? Pages { get; }

    /// <summary>Resolves -Path entries and pairs them with -Source names.</summary>
    /// <exception cref="SecureMailOpsException">A path matches nothing, a folder holds no inventory file, or -Source does not pair.</exception>
    public static List<InventoryInput> Resolve(PSCmdlet cmdlet, string[] paths, string[]? sourceNames) => Resolve(cmdlet, paths, sourceNames, null);

    /// <summary>
    /// Resolves -Path entries as <see cref="Resolve(PSCmdlet, string[], string[])"/>, noting the files named on
    /// their own in <paramref name="named"/>: a cmdlet that takes paths from the pipeline one at a time checks
    /// them all together once the pipeline ends (<see cref="CheckPages(IEnumerable{InventoryInput}, GraphPageChain)"/>).
    /// </summary>
    /// <exception cref="SecureMailOpsException">A path matches nothing, a folder holds no inventory file, or -Source does not pair.</exception>
    public static List<InventoryInput> Resolve(PSCmdlet cmdlet, string[] paths, string[]? sourceNames, GraphPageChain? named)
    {
        IReadOnlyList<string?> sources = InventorySources.PairWithPaths(paths.Length, sourceNames);
        var inputs = new List<InventoryInput>();

        // Files named on their own (not through their folder) are checked together: a page among them that links
        // to more pages, with no file given ending its response, is an incomplete export.
        for (int i = 0; i < paths.Length; i++)
        {
            foreach (string path in PolicyPaths.Resolve(cmdlet, new[] { paths[i] }, PolicyErrorIds.InventoryNotFound))
            {
                if (!System.IO.Directory.Exists(path))
                {
                    inputs.Add(new InventoryInput(path, sources[i], named ??= GraphPageChain.ForNamedFiles()));
                    continue;
                }

                IReadOnlyList<string> files = InventoryFolder.Expand(path);
                if (files.Count == 0)
                {
                    throw new SecureMailOpsException(PolicyErrorIds.InventoryNotFound, FailureKind.ObjectNotFound,
                        "The folder '" + path + "' holds no inventory file (.json, .jsonl, .ndjson, .csv, .yaml, .yml).", path);
                }

                var pages = new GraphPageChain(path);
                inputs.AddRange(files.Select(f => new InventoryInput(f, sources[i], pages)));
            }
        }

        return inputs;
    }

    /// <summary>Checks the Graph pages of every folder read (once all its files are read).</summary>
    public static IEnumerable<SecureMailOpsException> CheckPages(IEnumerable<InventoryInput> inputs) => CheckPages(inputs, null);

    /// <summary>Checks the Graph pages of every folder read, and of the files named on their own unless they are <paramref name="later"/>'s (checked when the pipeline ends).</summary>
    public static IEnumerable<SecureMailOpsException> CheckPages(IEnumerable<InventoryInput> inputs, GraphPageChain? later) =>
        inputs.Select(i => i.Pages).Where(p => p is not null && !ReferenceEquals(p, later)).Distinct().SelectMany(p => p!.Check());
}
