using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SecureMailOps.Analyzers.Tests;

/// <summary>Runs one analyzer (and optionally its code fix) over C# text with the stubs referenced.</summary>
internal static class Verify
{
    private static readonly ReferenceAssemblies None = new("net10.0-local");

    /// <summary>Checks that exactly the diagnostics marked in the source (<c>{|SMO1001:text|}</c>) are reported.</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, params (string Path, string Text)[] additionalFiles)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = None };
        test.TestState.AdditionalReferences.AddRange(Stubs.References);
        foreach ((string path, string text) in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((path, text));
        }

        return test.RunAsync();
    }

    /// <summary>Checks the marked diagnostics and that the code fix turns the source into the fixed source.</summary>
    /// <param name="fixAllIterations">Fix-all passes: the batch fixer drops all but one of several identical added usings, so
    /// a file that gains a using takes a second pass.</param>
    public static Task CodeFixAsync<TAnalyzer, TFix>(string source, string fixedSource, int fixAllIterations = 1)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = None,
            NumberOfFixAllInDocumentIterations = fixAllIterations,
            NumberOfFixAllIterations = fixAllIterations,
        };
        test.TestState.AdditionalReferences.AddRange(Stubs.References);
        return test.RunAsync();
    }
}
