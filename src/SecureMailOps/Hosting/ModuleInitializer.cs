using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SecureMailOps.Hosting;

/// <summary>
/// Runs when PowerShell imports the module. On pwsh 7 it routes the engine assembly into the
/// module's own <see cref="DependencyLoadContext"/>; on Windows PowerShell 5.1 (one AppDomain,
/// no load contexts) it resolves the dependency folder through <c>AppDomain.AssemblyResolve</c>.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>The engine assembly: the only one the cmdlet assembly references directly.</summary>
    internal const string EngineAssemblyName = "SecureMailOps.Core";

    private static readonly string DependencyDirectory = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".",
        "dependencies");

    private static readonly bool IsCoreClr = !RuntimeIsNetFramework();

    /// <inheritdoc />
    public void OnImport()
    {
        if (IsCoreClr)
        {
            CoreClrResolver.Register(DependencyDirectory);
        }
        else
        {
            AppDomain.CurrentDomain.AssemblyResolve += ResolveForNetFramework;
        }
    }

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // Stores kept open for the session are closed while the engine can still be resolved.
        StateStoreHost.CloseAll();
        if (IsCoreClr)
        {
            CoreClrResolver.Unregister();
        }
        else
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveForNetFramework;
        }
    }

    private static bool RuntimeIsNetFramework() =>
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    private static Assembly? ResolveForNetFramework(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        string candidate = Path.Combine(DependencyDirectory, name.Name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }

    /// <summary>
    /// Kept in its own class so that Windows PowerShell never JIT-compiles code that names
    /// AssemblyLoadContext (the type does not exist on .NET Framework).
    /// </summary>
    private static class CoreClrResolver
    {
        private static DependencyLoadContext? _context;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Register(string dependencyDirectory)
        {
            _context ??= new DependencyLoadContext(dependencyDirectory);
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Unregister() =>
            System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= ResolveEngine;

        // Only the engine is resolved from the default context; everything it needs then loads
        // through the engine's own context (DependencyLoadContext.Load).
        private static Assembly? ResolveEngine(System.Runtime.Loader.AssemblyLoadContext defaultContext, AssemblyName name)
        {
            if (_context is null || !string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal))
            {
                return null;
            }

            return _context.LoadFromAssemblyName(name);
        }
    }
}
