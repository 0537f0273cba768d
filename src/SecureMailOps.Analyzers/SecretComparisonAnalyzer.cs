using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SecureMailOps.Analyzers;

/// <summary>
/// SMO1003: a field, property, parameter or method result marked with SecureMailOps.Core.SecretAttribute
/// compared with <c>==</c>/<c>!=</c>, <c>Equals</c> (string, object or instance), <c>Enumerable.SequenceEqual</c>
/// or <c>MemoryExtensions.SequenceEqual</c>. Comparisons with null are null checks, not comparisons of secrets.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretComparisonAnalyzer : SmoAnalyzer
{
    /// <summary>The property the code fix reads to know which form it rewrites.</summary>
    internal const string FormKey = "Form";

    /// <summary>Form: a == or != operator.</summary>
    internal const string OperatorForm = "Operator";

    /// <summary>Form: an Equals or SequenceEqual call.</summary>
    internal const string CallForm = "Call";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.SecretComparison);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        INamedTypeSymbol? secret = start.Compilation.GetTypeByMetadataName(KnownSymbols.SecretAttributeName);
        if (secret is null)
        {
            return;
        }

        INamedTypeSymbol? enumerable = start.Compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        INamedTypeSymbol? memoryExtensions = start.Compilation.GetTypeByMetadataName("System.MemoryExtensions");
        start.RegisterOperationAction(c => AnalyzeBinary(c, secret), OperationKind.Binary);
        start.RegisterOperationAction(c => AnalyzeInvocation(c, secret, enumerable, memoryExtensions), OperationKind.Invocation);
    }

    private static void AnalyzeBinary(OperationAnalysisContext context, INamedTypeSymbol secret)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
            || IsNull(binary.LeftOperand) || IsNull(binary.RightOperand))
        {
            return;
        }

        ISymbol? read = KnownSymbols.SecretRead(binary.LeftOperand, secret) ?? KnownSymbols.SecretRead(binary.RightOperand, secret);
        if (read is not null)
        {
            Report(context, read, binary.OperatorKind == BinaryOperatorKind.Equals ? "'=='" : "'!='", OperatorForm);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol secret, INamedTypeSymbol? enumerable, INamedTypeSymbol? memoryExtensions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        bool comparison = method.Name switch
        {
            "Equals" => true,
            "SequenceEqual" => SymbolEqualityComparer.Default.Equals(method.ContainingType, enumerable)
                || SymbolEqualityComparer.Default.Equals(method.ContainingType, memoryExtensions),
            _ => false,
        };
        if (!comparison)
        {
            return;
        }

        ISymbol? read = KnownSymbols.SecretRead(invocation.Instance, secret);
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (read is not null)
            {
                break;
            }

            if (!IsNull(argument.Value))
            {
                read = KnownSymbols.SecretRead(argument.Value, secret);
            }
        }

        if (read is not null)
        {
            Report(context, read, "'" + method.ContainingType.Name + "." + method.Name + "'", CallForm);
        }
    }

    private static bool IsNull(IOperation operand) =>
        KnownSymbols.SkipConversions(operand)?.ConstantValue is { HasValue: true, Value: null };

    private static void Report(OperationAnalysisContext context, ISymbol read, string how, string form)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(FormKey, form);
        context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.SecretComparison, context.Operation.Syntax.GetLocation(), properties, read.Name, how));
    }
}
