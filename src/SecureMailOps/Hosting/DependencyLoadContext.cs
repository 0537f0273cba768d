using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace SecureMailOps.Hosting;

/// <summary>
/// The module's own AssemblyLoadContext (pwsh 7 only). The engine and its dependencies
/// (MailKit, MimeKit, Otp.NET, YamlDotNet, SQLite, ...) load here from the module's
/// <c>dependencies</c> folder, so another version of any of them already loaded in the session
/// (for example YamlDotNet from the powershell-yaml module) cannot clash with ours.
/// An assembly the shared framework also has is left to the framework when the framework's copy is
/// at least as new as ours (the netstandard2.0 back-ports such as System.Memory 4.0.1.x against the
/// runtime's 8.0+), so types such as Span&lt;T&gt; keep one identity; when ours is newer (System.Text.Json
/// 9.0 on a .NET 8 runtime, whose copy is 8.0) the framework cannot satisfy the engine, so ours loads here.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;
    private readonly string _frameworkDirectory;
    private readonly ConcurrentDictionary<string, bool> _ownCopyWins = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the context over a dependency folder.</summary>
    /// <param name="dependencyDirectory">The folder that holds the engine and its dependencies.</param>
    public DependencyLoadContext(string dependencyDirectory)
        : this(dependencyDirectory, RuntimeEnvironment.GetRuntimeDirectory())
    {
    }

    /// <summary>Creates the context over a dependency folder and a given framework folder (tests).</summary>
    /// <param name="dependencyDirectory">The folder that holds the engine and its dependencies.</param>
    /// <param name="frameworkDirectory">The shared framework's folder.</param>
    internal DependencyLoadContext(string dependencyDirectory, string frameworkDirectory)
    {
        _dependencyDirectory = dependencyDirectory;
        _frameworkDirectory = frameworkDirectory;
    }

    /// <summary>Gets the folder this context loads from.</summary>
    public string DependencyDirectory => _dependencyDirectory;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string fileName = assemblyName.Name + ".dll";
        string candidate = Path.Combine(_dependencyDirectory, fileName);
        if (!File.Exists(candidate))
        {
            return null;
        }

        string framework = Path.Combine(_frameworkDirectory, fileName);
        bool ownWins = _ownCopyWins.GetOrAdd(fileName, _ => !File.Exists(framework) || PrefersOwnCopy(VersionOf(candidate), VersionOf(framework)));
        return ownWins ? LoadFromAssemblyPath(candidate) : null;
    }

    /// <summary>
    /// Decides between our copy of an assembly and the framework's: ours only when it is strictly newer
    /// (an equal or newer framework copy keeps one type identity; an older one cannot satisfy a reference
    /// compiled against ours).
    /// </summary>
    /// <param name="own">The version of the copy in the dependency folder, or null when unreadable.</param>
    /// <param name="framework">The version of the framework's copy, or null when unreadable.</param>
    /// <returns>True to load our copy in this context.</returns>
    internal static bool PrefersOwnCopy(Version? own, Version? framework) =>
        own is not null && (framework is null || own > framework);

    private static Version? VersionOf(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Version;
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = NativeLibraryLocator.Find(_dependencyDirectory, unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
