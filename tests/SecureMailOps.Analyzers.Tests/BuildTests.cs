using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace SecureMailOps.Analyzers.Tests;

/// <summary>
/// A real build fails with each rule's id. A project is written under the repository's out/ folder, so it
/// takes the same Directory.Build.props as the engine and the cmdlets (the analyzer reference, warnings as
/// errors), with the real PowerShell and MailKit packages; it plants one violation of each of the six rules
/// (SMO1007 for the second half of rule 4). The engine's marker and value types are declared in the planted
/// file under the engine's namespace, which is how the rules recognise them.
/// </summary>
public sealed class BuildTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>netstandard2.0</TargetFramework>
            <IsShippedCode>true</IsShippedCode>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
            <!-- Only the SMO rules are under test: the planted file breaks layout rules on purpose. -->
            <NoWarn>$(NoWarn);SA0001;SA1649;SA1402;SA1403;SA1518;SA1600;SA1601;CS1591;MA0006;MA0048</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="PowerShellStandard.Library" PrivateAssets="all" />
            <PackageReference Include="MailKit" />
          </ItemGroup>
        </Project>
        """;

    private const string Planted = """
        using System;
        using System.IO;
        using System.Management.Automation;
        using MailKit.Net.Smtp;
        using MailKit.Security;

        namespace SecureMailOps.Core
        {
            [AttributeUsage(AttributeTargets.All)]
            public sealed class SecretAttribute : Attribute
            {
            }

            public enum PlantedMode
            {
                One,
                Two,
            }

            public static class PlantedErrorIds
            {
                public const string Raised = "PlantedRaised";
                public const string NeverRaised = "PlantedNeverRaised";
            }

            public sealed class PlantedException : Exception
            {
                public PlantedException(string errorId)
                    : base(errorId)
                {
                }
            }
        }

        namespace Planted
        {
            [Cmdlet(VerbsCommon.Get, "Planted")]
            public sealed class GetPlantedCommand : PSCmdlet
            {
                public SecureMailOps.Core.PlantedMode Mode { get; set; }

                protected override void ProcessRecord() => File.WriteAllText("out.txt", "report");
            }

            public static class Violations
            {
                public static void Connect(SmtpClient client) => client.Connect("localhost", 25, SecureSocketOptions.Auto);

                public static bool Compare([SecureMailOps.Core.Secret] string code, string offered) => code == offered;

                public static Exception Raise() => new SecureMailOps.Core.PlantedException("PlantedLiteral");

                public static Exception RaiseConstant() => new SecureMailOps.Core.PlantedException(SecureMailOps.Core.PlantedErrorIds.Raised);

                public static void Say() => Console.WriteLine("hello");
            }
        }
        """;

    [Fact]
    public void ABuildThatBreaksEachRuleFailsWithItsId()
    {
        string root = RepositoryRoot();
        string folder = Path.Combine(root, "out", "analyzer-plant-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "Planted.csproj"), Project);
            File.WriteAllText(Path.Combine(folder, "Planted.cs"), Planted);
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif

            // The analyzers were built with the solution; the planted project only uses them.
            (int exitCode, string output) = Run("dotnet", folder, "build", "Planted.csproj", "-c", configuration, "-p:BuildProjectReferences=false", "-nologo", "-v", "q", "-clp:NoSummary;ErrorsOnly");

            Assert.NotEqual(0, exitCode);
            foreach (string id in new[] { "SMO1001", "SMO1002", "SMO1003", "SMO1004", "SMO1005", "SMO1006", "SMO1007" })
            {
                Assert.True(output.Contains("error " + id + ":", StringComparison.Ordinal), $"The build did not fail with {id}. Output:\n{output}");
            }

            // Nothing else broke it: every error is one of ours.
            string[] others = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal) && !l.Contains(": error SMO10", StringComparison.Ordinal)).ToArray();
            Assert.True(others.Length == 0, "Unexpected errors:\n" + string.Join('\n', others));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureMailOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecureMailOps.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int ExitCode, string Output) Run(string file, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The planted build took more than 5 minutes.");
        }

        return (process.ExitCode, output + error.Result);
    }
}
