using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.State;

namespace SecureMailOps.Hosting;

/// <summary>
/// Opens the state store for a cmdlet: -StorePath (a PowerShell path), else the environment
/// variable, else the per-user default. The store stays open for the session (one per path) and is
/// closed when the module is removed.
/// </summary>
internal static class StateStoreHost
{
    private static volatile bool _anyOpened;

    /// <summary>Opens and migrates the store, or returns the session's open one.</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <returns>The store.</returns>
    public static IStateStore Open(PSCmdlet cmdlet, string? storePath)
    {
        _anyOpened = true;
        return SqliteStateStore.Open(ResolvePath(cmdlet, storePath));
    }

    /// <summary>Where the store file is, without opening or creating it (for -WhatIf messages).</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <returns>The full path of the database file.</returns>
    public static string ResolvePath(PSCmdlet cmdlet, string? storePath)
    {
        string? explicitPath = string.IsNullOrWhiteSpace(storePath) ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(storePath);
        return StateStoreLocation.Resolve(explicitPath);
    }

    /// <summary>Opens the store and the challenge service over it, with the challenge key resolved.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <param name="key">The -ChallengeKey value, or null.</param>
    /// <returns>The service.</returns>
    public static ChallengeService OpenChallengeService(PSCmdlet cmdlet, string? storePath, SecureString? key)
    {
        IStateStore store = Open(cmdlet, storePath);
        return new ChallengeService(store, ResolveChallengeKey(store, key));
    }

    /// <summary>The key emailed codes are hashed with: the one given (-ChallengeKey), else the store's default.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The -ChallengeKey value, or null.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey ResolveChallengeKey(IStateStore store, SecureString? key)
    {
        if (key is null)
        {
            return ChallengeKey.ForStore(store);
        }

        char[] chars = SecureStringReader.ToChars(key);
        byte[] bytes = Encoding.UTF8.GetBytes(chars);
        try
        {
            return ChallengeKey.FromBytes(bytes);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            Array.Clear(bytes, 0, bytes.Length);
        }
    }

    /// <summary>Closes every store the session opened (module removal); loads nothing when none was opened.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void CloseAll()
    {
        if (_anyOpened)
        {
            CloseAllCore();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CloseAllCore() => SqliteStateStore.CloseAll();
}
