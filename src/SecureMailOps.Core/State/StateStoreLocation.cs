using System;
using System.IO;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.State;

/// <summary>
/// Finds the state store: an explicit path (the cmdlets' -StorePath) wins, then the
/// <c>SECUREMAILOPS_STORE</c> environment variable, then <c>state.db</c> in a per-user data folder
/// (<c>%LOCALAPPDATA%\SecureMailOps</c> on Windows, <c>$XDG_DATA_HOME</c> or <c>~/.local/share/SecureMailOps</c> elsewhere).
/// A path naming an existing folder means <c>state.db</c> inside it.
/// </summary>
public static class StateStoreLocation
{
    /// <summary>The environment variable that overrides the default location.</summary>
    public const string EnvironmentVariable = "SECUREMAILOPS_STORE";

    /// <summary>The file name used inside a folder.</summary>
    public const string DefaultFileName = "state.db";

    /// <summary>Resolves where the store lives.</summary>
    /// <param name="explicitPath">A path given by the caller, or null.</param>
    /// <returns>The full path of the database file.</returns>
    public static string Resolve(string? explicitPath)
    {
        string? path = explicitPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.Combine(DefaultFolder(), DefaultFileName);
        }

        path = Path.GetFullPath(path!);
        return Directory.Exists(path) ? Path.Combine(path, DefaultFileName) : path;
    }

    private static string DefaultFolder()
    {
        string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (string.IsNullOrEmpty(data))
        {
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                throw new SecureMailOpsException(
                    StateStoreErrorIds.NoDefault,
                    FailureKind.InvalidOperation,
                    $"No per-user data folder is known for this account: give -StorePath or set {EnvironmentVariable}.");
            }

            data = Path.Combine(home, ".local", "share");
        }

        return Path.Combine(data, "SecureMailOps");
    }
}
