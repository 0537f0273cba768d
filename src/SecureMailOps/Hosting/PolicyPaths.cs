using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Hosting;

/// <summary>Where the shipped baseline lives, and PowerShell path resolution (relative paths, wildcards) for the policy cmdlets.</summary>
internal static class PolicyPaths
{
    /// <summary>Gets the folder of the shipped baseline (policies/ beside the module).</summary>
    public static string BaselineDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(PolicyPaths).Assembly.Location) ?? ".", "policies");

    /// <summary>Resolves PowerShell paths (wildcards allowed) to file-system paths; a path that matches nothing is an engine error.</summary>
    public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, string notFoundId)
    {
        var result = new List<string>();
        foreach (string path in paths)
        {
            try
            {
                result.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _));
            }
            catch (ItemNotFoundException ex)
            {
                throw new SecureMailOpsException(notFoundId, FailureKind.ObjectNotFound, "The path '" + path + "' does not exist.", path, ex);
            }
        }

        return result;
    }

    /// <summary>Loads the shipped baseline.</summary>
    public static IReadOnlyList<SecurityPolicy> LoadBaseline() =>
        PolicyLoader.ExpandPaths(new[] { BaselineDirectory }).SelectMany(PolicyLoader.LoadFile).ToList();
}
