using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace SecureMailOps.Hosting;

/// <summary>
/// Finds a native library (for example SQLite's e_sqlite3) under the NuGet
/// <c>runtimes/&lt;rid&gt;/native</c> layout of the dependency folder, for the running OS and CPU.
/// </summary>
internal static class NativeLibraryLocator
{
    /// <summary>Looks for a native library by the name a DllImport uses.</summary>
    /// <param name="dependencyDirectory">The module's dependency folder.</param>
    /// <param name="name">The library name, with or without prefix and extension.</param>
    /// <returns>The full path, or null when none fits this platform.</returns>
    public static string? Find(string dependencyDirectory, string name)
    {
        foreach (string rid in RuntimeIdentifiers())
        {
            string folder = Path.Combine(dependencyDirectory, "runtimes", rid, "native");
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in FileNames(name))
            {
                string path = Path.Combine(folder, file);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> FileNames(string name)
    {
        yield return name;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            yield return name + ".dll";
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            yield return "lib" + name + ".dylib";
            yield return name + ".dylib";
        }
        else
        {
            yield return "lib" + name + ".so";
            yield return name + ".so";
        }
    }

    private static IEnumerable<string> RuntimeIdentifiers()
    {
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        };

        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            yield return "win-" + arch;
        }
        else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            yield return "osx-" + arch;
            yield return "osx";
        }
        else
        {
            // musl-based distributions (Alpine) ship their own builds; try them first there.
            if (File.Exists("/etc/alpine-release"))
            {
                yield return "linux-musl-" + arch;
            }

            yield return "linux-" + arch;
        }
    }
}
