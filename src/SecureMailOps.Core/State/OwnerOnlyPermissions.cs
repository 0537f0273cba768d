using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SecureMailOps.Core.State;

/// <summary>
/// Restricts a file or folder the module creates to its owner on Linux and macOS (0600 / 0700), so
/// other local users cannot read the store (used steps, lock-outs, hashes of backup codes and
/// emailed codes). SQLite gives its -wal and -shm files the database file's mode. The API
/// (<c>File.SetUnixFileMode</c>, .NET 7+) is found at run time because the engine targets
/// netstandard2.0; on Windows, or a runtime without it, nothing is done: there the per-user data
/// folder is already private to its user.
/// </summary>
internal static class OwnerOnlyPermissions
{
    private const int OwnerReadWrite = 0x180; // UserRead | UserWrite
    private const int OwnerReadWriteExecute = 0x1C0; // UserRead | UserWrite | UserExecute

    private static readonly Lazy<(MethodInfo Method, Type Mode)?> SetMode = new(FindSetMode);

    /// <summary>Gets a value indicating whether permissions can be restricted here.</summary>
    public static bool IsSupported => SetMode.Value.HasValue;

    /// <summary>Makes a file readable and writable by its owner only.</summary>
    /// <param name="path">The file.</param>
    public static void ApplyToFile(string path) => Apply(path, OwnerReadWrite);

    /// <summary>Makes a folder usable by its owner only.</summary>
    /// <param name="path">The folder.</param>
    public static void ApplyToFolder(string path) => Apply(path, OwnerReadWriteExecute);

    private static void Apply(string path, int mode)
    {
        if (SetMode.Value is not { } setMode)
        {
            return;
        }

        try
        {
            setMode.Method.Invoke(null, new[] { path, Enum.ToObject(setMode.Mode, mode) });
        }
        catch (TargetInvocationException ex) when (ex.InnerException is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"The permissions of '{path}' could not be restricted to its owner: {ex.InnerException.Message}", ex.InnerException);
        }
    }

    private static (MethodInfo Method, Type Mode)? FindSetMode()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return null;
        }

        Type? mode = typeof(File).Assembly.GetType("System.IO.UnixFileMode");
        MethodInfo? method = mode is null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), mode });
        return method is null ? null : (method, mode!);
    }
}
