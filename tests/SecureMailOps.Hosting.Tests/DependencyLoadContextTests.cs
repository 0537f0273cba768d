using System;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using SecureMailOps.Hosting;
using Xunit;

namespace SecureMailOps.Hosting.Tests;

/// <summary>
/// The module's load context takes the framework's copy of an assembly only when it is at least as new
/// as the module's own: System.Text.Json 9.x on a .NET 8 runtime (8.0) must load from the module.
/// Real assemblies are written to a temporary dependency folder and loaded through the real context.
/// </summary>
public sealed class DependencyLoadContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("smo-alc-").FullName;

    [Fact]
    public void OurCopyNewerThanTheFrameworksLoadsFromTheDependencyFolder()
    {
        Version framework = typeof(System.Text.Json.JsonSerializer).Assembly.GetName().Version!;
        var newer = new Version(framework.Major + 1, 0, 0, 0);
        string path = WriteAssembly("System.Text.Json", newer);

        var context = new DependencyLoadContext(_folder);
        Assembly loaded = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));

        Assert.Equal(newer, loaded.GetName().Version);
        Assert.Equal(path, loaded.Location);
        Assert.NotSame(typeof(System.Text.Json.JsonSerializer).Assembly, loaded);
    }

    [Fact]
    public void FrameworkCopyAsNewOrNewerIsShared()
    {
        Assembly frameworkCopy = typeof(System.Text.Json.JsonSerializer).Assembly;
        WriteAssembly("System.Text.Json", new Version(4, 0, 1, 2));

        var context = new DependencyLoadContext(_folder);
        Assembly loaded = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json"));

        Assert.Same(frameworkCopy, loaded);
    }

    [Fact]
    public void AnAssemblyTheFrameworkDoesNotHaveLoadsFromTheDependencyFolder()
    {
        string path = WriteAssembly("SecureMailOps.TestDependency", new Version(1, 2, 3, 4));

        var context = new DependencyLoadContext(_folder, RuntimeEnvironment.GetRuntimeDirectory());
        Assembly loaded = context.LoadFromAssemblyName(new AssemblyName("SecureMailOps.TestDependency"));

        Assert.Equal(path, loaded.Location);
    }

    [Theory]
    [InlineData("9.0.0.0", "8.0.0.0", true)]
    [InlineData("8.0.0.0", "8.0.0.0", false)]
    [InlineData("4.0.1.2", "10.0.0.0", false)]
    [InlineData("9.0.0.0", null, true)]
    [InlineData(null, "8.0.0.0", false)]
    public void OnlyAStrictlyNewerOwnCopyWins(string? own, string? framework, bool expected) =>
        Assert.Equal(expected, DependencyLoadContext.PrefersOwnCopy(own is null ? null : Version.Parse(own), framework is null ? null : Version.Parse(framework)));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteAssembly(string name, Version version)
    {
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = version }, typeof(object).Assembly);
        ModuleBuilder module = builder.DefineDynamicModule(name);
        module.DefineType(name + ".Marker", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        string path = Path.Combine(_folder, name + ".dll");
        builder.Save(path);
        return path;
    }
}
