using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SecureMailOps.Analyzers;

/// <summary>
/// SMO1004: an error id given as a literal (or a constant from anywhere but an *ErrorIds class, or text
/// built in place) where a string parameter named <c>errorId</c> takes it (the engine's exceptions and
/// load errors, PowerShell's ErrorRecord) or where a string member named <c>*ErrorId</c> or <c>FailureId</c> is assigned.
/// SMO1007: an *ErrorIds constant that nothing references: not this compilation, and not the C# files
/// given to it as AdditionalFiles (the engine is given the cmdlets' sources, which raise some of its ids).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ErrorIdAnalyzer : SmoAnalyzer
{
    /// <summary>The property that carries the literal's text to the code fix.</summary>
    internal const string ValueKey = "Value";

    private const string ParameterName = "errorId";
    private const string MemberSuffix = "ErrorId";
    private const string FailureMemberName = "FailureId";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.ErrorIdLiteral, SmoDescriptors.ErrorIdUnused);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        var declared = new ConcurrentDictionary<IFieldSymbol, byte>(SymbolEqualityComparer.Default);
        var used = new ConcurrentDictionary<IFieldSymbol, byte>(SymbolEqualityComparer.Default);

        start.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
        start.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.PropertyInitializer);
        start.RegisterSymbolAction(
            c =>
            {
                var field = (IFieldSymbol)c.Symbol;
                if (KnownSymbols.IsErrorIdConstant(field) && !field.IsImplicitlyDeclared)
                {
                    declared.TryAdd(field, 0);
                }
            },
            SymbolKind.Field);
        start.RegisterOperationAction(
            c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                if (KnownSymbols.IsErrorIdConstant(reference.Field) && !InsideNameOf(reference)
                    && !KnownSymbols.IsErrorIdsType(c.ContainingSymbol.ContainingType))
                {
                    used.TryAdd(reference.Field.OriginalDefinition, 0);
                }
            },
            OperationKind.FieldReference);
        start.RegisterCompilationEndAction(c => ReportUnused(c, declared, used));
    }

    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.ArgumentKind == ArgumentKind.Explicit
            && argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
            && string.Equals(parameter.Name, ParameterName, StringComparison.OrdinalIgnoreCase))
        {
            Check(context, argument.Value);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        (ISymbol? target, IOperation? value) = context.Operation switch
        {
            ISimpleAssignmentOperation assignment => (assignment.Target switch
            {
                IPropertyReferenceOperation p => p.Property,
                IFieldReferenceOperation f => (ISymbol)f.Field,
                _ => null,
            }, assignment.Value),
            IPropertyInitializerOperation initializer => (initializer.InitializedProperties.FirstOrDefault(), initializer.Value),
            _ => (null, null),
        };
        if (target is not null && value is not null && (target.Name.EndsWith(MemberSuffix, StringComparison.Ordinal) || string.Equals(target.Name, FailureMemberName, StringComparison.Ordinal))
            && (target as IPropertySymbol)?.Type.SpecialType is SpecialType.System_String or null
            && (target as IFieldSymbol)?.Type.SpecialType is SpecialType.System_String or null)
        {
            Check(context, value);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value)
    {
        IOperation? operation = KnownSymbols.SkipConversions(value);
        switch (operation)
        {
            case null:
                return;
            case IConditionalOperation conditional:
                Check(context, conditional.WhenTrue);
                if (conditional.WhenFalse is not null)
                {
                    Check(context, conditional.WhenFalse);
                }

                return;
            case ICoalesceOperation coalesce:
                Check(context, coalesce.Value);
                Check(context, coalesce.WhenNull);
                return;
            case IFieldReferenceOperation field when KnownSymbols.IsErrorIdConstant(field.Field):
                return;
            case IInterpolatedStringOperation:
                Report(context, operation, null);
                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when operation.Type?.SpecialType == SpecialType.System_String:
                if (!concatenation.ConstantValue.HasValue)
                {
                    Check(context, concatenation.LeftOperand);
                    Check(context, concatenation.RightOperand);
                    return;
                }

                break;
        }

        // An empty default ("no id yet") names no id.
        if (operation.ConstantValue is { HasValue: true, Value: string { Length: > 0 } text })
        {
            Report(context, operation, text);
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string? text)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (text is not null && operation is ILiteralOperation)
        {
            properties = properties.Add(ValueKey, text);
        }

        string shown = text is null ? "'" + operation.Syntax + "'" : "\"" + text + "\"";
        context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.ErrorIdLiteral, operation.Syntax.GetLocation(), properties, shown));
    }

    private static bool InsideNameOf(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportUnused(CompilationAnalysisContext context, ConcurrentDictionary<IFieldSymbol, byte> declared, ConcurrentDictionary<IFieldSymbol, byte> used)
    {
        var unused = declared.Keys.Where(f => !used.ContainsKey(f)).ToList();
        if (unused.Count == 0)
        {
            return;
        }

        HashSet<string> named = NamedInAdditionalFiles(context.Options.AdditionalFiles, context.CancellationToken);
        foreach (IFieldSymbol field in unused.OrderBy(f => f.ContainingType.Name, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            if (!named.Contains(field.ContainingType.Name + "." + field.Name))
            {
                context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.ErrorIdUnused, field.Locations[0], field.ContainingType.Name, field.Name));
            }
        }
    }

    /// <summary>Every <c>XErrorIds.Name</c> member access in the C# additional files (parsed, so comments do not count).</summary>
    private static HashSet<string> NamedInAdditionalFiles(ImmutableArray<AdditionalText> files, System.Threading.CancellationToken cancellationToken)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (AdditionalText file in files)
        {
            if (!string.Equals(Path.GetExtension(file.Path), ".cs", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                continue;
            }

            SyntaxNode root = CSharpSyntaxTree.ParseText(text, cancellationToken: cancellationToken).GetRoot(cancellationToken);
            foreach (MemberAccessExpressionSyntax access in root.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                string typeName = access.Expression switch
                {
                    IdentifierNameSyntax id => id.Identifier.ValueText,
                    MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText,
                    _ => string.Empty,
                };
                if (typeName.EndsWith(KnownSymbols.ErrorIdsSuffix, StringComparison.Ordinal))
                {
                    named.Add(typeName + "." + access.Name.Identifier.ValueText);
                }
            }
        }

        return named;
    }
}
