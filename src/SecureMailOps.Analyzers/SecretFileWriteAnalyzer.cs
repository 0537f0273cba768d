using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SecureMailOps.Analyzers;

/// <summary>
/// SMO1005: a file written through <c>File.WriteAll*</c>, <c>File.AppendAll*</c>, <c>File.Create</c>,
/// <c>File.CreateText</c>, <c>File.OpenWrite</c>, <c>File.Open</c>, <c>new FileStream(path, ...)</c> (any access
/// but Read) or <c>new StreamWriter(path, ...)</c> inside a cmdlet class (its output paths), inside a member or
/// type marked [Secret], or with a [Secret] value among the arguments.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretFileWriteAnalyzer : SmoAnalyzer
{
    private static readonly ImmutableHashSet<string> FileWriters = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "WriteAllBytes",
        "WriteAllText",
        "WriteAllLines",
        "AppendAllText",
        "AppendAllLines",
        "Create",
        "CreateText",
        "OpenWrite",
        "Open");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.SecretFileWrite);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        Compilation compilation = start.Compilation;
        var known = new Known(
            compilation.GetTypeByMetadataName("System.IO.File"),
            compilation.GetTypeByMetadataName("System.IO.FileStream"),
            compilation.GetTypeByMetadataName("System.IO.StreamWriter"),
            compilation.GetTypeByMetadataName("System.IO.FileAccess"),
            compilation.GetTypeByMetadataName(KnownSymbols.SecretAttributeName),
            compilation.GetTypeByMetadataName(KnownSymbols.CmdletTypeName));
        if (known.Secret is null && known.Cmdlet is null)
        {
            return;
        }

        start.RegisterOperationAction(c => AnalyzeInvocation(c, known), OperationKind.Invocation);
        start.RegisterOperationAction(c => AnalyzeCreation(c, known), OperationKind.ObjectCreation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Known known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (!method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, known.File) || !FileWriters.Contains(method.Name))
        {
            return;
        }

        // File.Open(path, FileMode.Open, FileAccess.Read) only reads.
        if (method.Name == "Open" && ReadsOnly(invocation.Arguments, known))
        {
            return;
        }

        Check(context, invocation.Arguments, "File." + method.Name, known);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Known known)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        INamedTypeSymbol? type = creation.Constructor?.ContainingType;
        bool stream = SymbolEqualityComparer.Default.Equals(type, known.FileStream);
        bool writer = SymbolEqualityComparer.Default.Equals(type, known.StreamWriter);
        if ((!stream && !writer) || creation.Constructor is null
            || creation.Constructor.Parameters.FirstOrDefault()?.Type.SpecialType != SpecialType.System_String)
        {
            return;
        }

        if (stream && ReadsOnly(creation.Arguments, known))
        {
            return;
        }

        Check(context, creation.Arguments, "new " + type!.Name, known);
    }

    private static bool ReadsOnly(ImmutableArray<IArgumentOperation> arguments, Known known)
    {
        // Without a FileAccess argument a FileStream opens for reading and writing.
        IArgumentOperation? access = arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, known.FileAccess));
        return access?.Value.ConstantValue is { HasValue: true, Value: int value } && value == 1; // FileAccess.Read
    }

    private static void Check(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, string api, Known known)
    {
        string? where = null;
        ISymbol? container = context.ContainingSymbol;
        if (known.Cmdlet is not null && KnownSymbols.DerivesFrom(container.ContainingType, known.Cmdlet))
        {
            where = "in cmdlet '" + container.ContainingType.Name + "' (a cmdlet's output path)";
        }
        else if (known.Secret is not null)
        {
            for (ISymbol? current = container; current is not null && where is null; current = current.ContainingSymbol)
            {
                if (current is INamespaceSymbol)
                {
                    break;
                }

                if (KnownSymbols.IsMarkedSecret(current, known.Secret))
                {
                    where = "in '" + current.Name + "', which is marked [Secret]";
                }
            }

            foreach (IArgumentOperation argument in arguments)
            {
                if (where is null && KnownSymbols.SecretRead(argument.Value, known.Secret) is { } secret)
                {
                    where = "from '" + secret.Name + "', which is marked [Secret]";
                }
            }
        }

        if (where is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.SecretFileWrite, context.Operation.Syntax.GetLocation(), api, where));
        }
    }

    private sealed class Known
    {
        public Known(INamedTypeSymbol? file, INamedTypeSymbol? fileStream, INamedTypeSymbol? streamWriter, INamedTypeSymbol? fileAccess, INamedTypeSymbol? secret, INamedTypeSymbol? cmdlet)
        {
            File = file;
            FileStream = fileStream;
            StreamWriter = streamWriter;
            FileAccess = fileAccess;
            Secret = secret;
            Cmdlet = cmdlet;
        }

        public INamedTypeSymbol? File { get; }

        public INamedTypeSymbol? FileStream { get; }

        public INamedTypeSymbol? StreamWriter { get; }

        public INamedTypeSymbol? FileAccess { get; }

        public INamedTypeSymbol? Secret { get; }

        public INamedTypeSymbol? Cmdlet { get; }
    }
}
