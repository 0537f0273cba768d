using System.Management.Automation;
using SecureMailOps.Core.State;

namespace SecureMailOps.Hosting;

/// <summary>Opens the state store for a cmdlet: -StorePath (a PowerShell path), else the environment variable, else the per-user default.</summary>
internal static class StateStoreHost
{
    /// <summary>Opens and migrates the store.</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <returns>The store.</returns>
    public static IStateStore Open(PSCmdlet cmdlet, string? storePath) =>
        SqliteStateStore.Open(ResolvePath(cmdlet, storePath));

    /// <summary>Where the store file is, without opening or creating it (for -WhatIf messages).</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <returns>The full path of the database file.</returns>
    public static string ResolvePath(PSCmdlet cmdlet, string? storePath)
    {
        string? explicitPath = string.IsNullOrWhiteSpace(storePath) ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(storePath);
        return StateStoreLocation.Resolve(explicitPath);
    }
}
