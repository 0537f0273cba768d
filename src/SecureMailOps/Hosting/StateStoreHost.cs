using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
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
    /// <param name="connectionString">The -StoreConnectionString value, or null.</param>
    /// <param name="credential">The -StoreCredential value (the server password), or null.</param>
    /// <returns>The store.</returns>
    public static IStateStore Open(PSCmdlet cmdlet, string? storePath, string? connectionString = null, PSCredential? credential = null)
    {
        _anyOpened = true;
        string? server = ServerLocation(storePath, connectionString);
        if (server is null)
        {
            return SqliteStateStore.Open(ResolvePath(cmdlet, storePath));
        }

        // The password goes from the credential to the driver only; it is never put into the connection text.
        string? password = credential is null ? null : credential.GetNetworkCredential().Password;
        return ServerStateStores.Open(server, password);
    }

    /// <summary>Describes where the store is, without opening it (for -WhatIf messages): a file path or a server without its password.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <param name="storePath">The -StorePath value, or null.</param>
    /// <param name="connectionString">The -StoreConnectionString value, or null.</param>
    /// <returns>The description.</returns>
    public static string Describe(PSCmdlet cmdlet, string? storePath, string? connectionString) =>
        ServerLocation(storePath, connectionString) is null ? ResolvePath(cmdlet, storePath) : "the PostgreSQL store";

    // -StoreConnectionString, else SECUREMAILOPS_STORE when it is a postgresql:// URI and no -StorePath was given.
    private static string? ServerLocation(string? storePath, string? connectionString)
    {
        // Never both: on every store cmdlet the two are separate parameter sets, so the binder refuses both.
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        string? environment = Environment.GetEnvironmentVariable(StateStoreLocation.EnvironmentVariable);
        return string.IsNullOrWhiteSpace(storePath) && ServerStateStores.IsServerLocation(environment) ? environment : null;
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

    /// <summary>The challenge service over an open store, with the challenge key resolved.</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <param name="store">The open store.</param>
    /// <param name="challengeKey">The -ChallengeKey value, or null.</param>
    /// <param name="challengeKeyPath">The -ChallengeKeyPath value, or null.</param>
    /// <returns>The service.</returns>
    public static ChallengeService OpenChallengeService(PSCmdlet cmdlet, IStateStore store, SecureString? challengeKey, string? challengeKeyPath)
    {
        string? keyFile = string.IsNullOrWhiteSpace(challengeKeyPath) ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(challengeKeyPath);
        return new ChallengeService(store, ResolveChallengeKey(store, challengeKey, keyFile));
    }

    /// <summary>The key emailed codes are hashed with: the one given (-ChallengeKey), else the key file, else the store's default.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The -ChallengeKey value, or null.</param>
    /// <param name="keyFile">The -ChallengeKeyPath value as a file path, or null.</param>
    /// <returns>The key.</returns>
    public static ChallengeKey ResolveChallengeKey(IStateStore store, SecureString? key, string? keyFile)
    {
        if (key is null)
        {
            return ChallengeKey.Resolve(store, keyFile);
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
    private static void CloseAllCore()
    {
        SqliteStateStore.CloseAll();
        ServerStateStores.CloseAll();
    }
}
