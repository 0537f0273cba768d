using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureMailOps.Analyzers;

/// <summary>
/// SMO1001: a cmdlet class with a field or auto-property whose type is an engine value type (an enum
/// or struct from SecureMailOps.Core, also inside Nullable&lt;T&gt; or another generic struct). The
/// runtime needs a value type's size to lay the class out, so it resolves the engine assembly the
/// moment PowerShell scans the cmdlet types, from the default load context.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EngineValueTypeInCmdletAnalyzer : SmoAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.EngineValueTypeInCmdlet);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        INamedTypeSymbol? cmdlet = start.Compilation.GetTypeByMetadataName(KnownSymbols.CmdletTypeName);
        if (cmdlet is null)
        {
            return;
        }

        start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, cmdlet), SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol cmdlet)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || !KnownSymbols.DerivesFrom(type, cmdlet))
        {
            return;
        }

        // GetMembers includes the compiler's backing fields, so auto-properties are seen through their field.
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IFieldSymbol field || field.IsConst || !HoldsEngineValueType(field.Type))
            {
                continue;
            }

            ISymbol reported = field.AssociatedSymbol ?? field;
            if (reported.Locations.IsEmpty || !reported.Locations[0].IsInSource)
            {
                continue;
            }

            string kind = reported is IPropertySymbol ? "auto-property" : "field";
            context.ReportDiagnostic(Diagnostic.Create(
                SmoDescriptors.EngineValueTypeInCmdlet, reported.Locations[0], type.Name, kind, reported.Name, field.Type.ToDisplayString()));
        }
    }

    private static bool HoldsEngineValueType(ITypeSymbol type)
    {
        if (!type.IsValueType)
        {
            return false;
        }

        if (KnownSymbols.IsEngineType(type))
        {
            return true;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            foreach (ITypeSymbol argument in generic.TypeArguments)
            {
                if (HoldsEngineValueType(argument))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
