using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SecureMailOps.Analyzers;

/// <summary>SMO1006: any use of System.Console (methods, properties, events) in the module's code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsoleAnalyzer : SmoAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.ConsoleUse);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        INamedTypeSymbol? console = start.Compilation.GetTypeByMetadataName("System.Console");
        if (console is null)
        {
            return;
        }

        start.RegisterOperationAction(
            operationContext =>
            {
                ISymbol? member = operationContext.Operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IMemberReferenceOperation reference => reference.Member,
                    _ => null,
                };
                if (member is not null && SymbolEqualityComparer.Default.Equals(member.ContainingType, console))
                {
                    operationContext.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.ConsoleUse, operationContext.Operation.Syntax.GetLocation(), member.Name));
                }
            },
            OperationKind.Invocation,
            OperationKind.PropertyReference,
            OperationKind.EventReference,
            OperationKind.FieldReference,
            OperationKind.MethodReference);
    }
}
