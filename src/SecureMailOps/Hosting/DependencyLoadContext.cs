using System;
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
/// Framework assemblies are left to the default context: loading a second System.Memory or
/// System.Text.Json here would split types such as Span&lt;T&gt; between two identities.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;
    private readonly string _frameworkDirectory;

    /// <summary>Creates the context over a dependency folder.</summary>
    /// <param name="dependencyDirectory">The folder that holds the engine and its dependencies.</param>
    public DependencyLoadContext(string dependencyDirectory)
    {
        _dependencyDirectory = dependencyDirectory;
        _frameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();
    }

    /// <summary>Gets the folder this context loads from.</summary>
    public string DependencyDirectory => _dependencyDirectory;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string fileName = assemblyName.Name + ".dll";

        // The shared framework always wins for its own assemblies: they are newer than the
        // netstandard2.0 back-ports NuGet gives us, and type identity must stay single.
        if (File.Exists(Path.Combine(_frameworkDirectory, fileName)))
        {
            return null;
        }

        string candidate = Path.Combine(_dependencyDirectory, fileName);
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = NativeLibraryLocator.Find(_dependencyDirectory, unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
