using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureMailOps.Analyzers;

/// <summary>Names and symbol tests the rules share.</summary>
internal static class KnownSymbols
{
    /// <summary>The engine's namespace: its types load in the module's own load context.</summary>
    public const string EngineNamespace = "SecureMailOps.Core";

    /// <summary>The attribute the engine defines for secrets.</summary>
    public const string SecretAttributeName = "SecureMailOps.Core.SecretAttribute";

    /// <summary>PowerShell's cmdlet base class.</summary>
    public const string CmdletTypeName = "System.Management.Automation.Cmdlet";

    /// <summary>The suffix of the classes that declare error ids.</summary>
    public const string ErrorIdsSuffix = "ErrorIds";

    /// <summary>Returns whether a type derives from the given base class.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (ITypeSymbol? current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether a type is declared in the engine's namespace or below it.</summary>
    public static bool IsEngineType(ITypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
        return ns.Equals(EngineNamespace, StringComparison.Ordinal) || ns.StartsWith(EngineNamespace + ".", StringComparison.Ordinal);
    }

    /// <summary>Returns whether a type is a class whose name marks it as a list of error ids.</summary>
    public static bool IsErrorIdsType(INamedTypeSymbol? type) =>
        type is not null && type.TypeKind == TypeKind.Class && type.Name.EndsWith(ErrorIdsSuffix, StringComparison.Ordinal);

    /// <summary>Returns whether a field is an error id constant.</summary>
    public static bool IsErrorIdConstant(IFieldSymbol field) =>
        field.IsConst && field.Type.SpecialType == SpecialType.System_String && IsErrorIdsType(field.ContainingType);

    /// <summary>Returns whether a symbol carries the secret attribute (for a method, on itself or its return value).</summary>
    public static bool IsMarkedSecret(ISymbol? symbol, INamedTypeSymbol secretAttribute)
    {
        if (symbol is null)
        {
            return false;
        }

        if (HasAttribute(symbol.GetAttributes(), secretAttribute))
        {
            return true;
        }

        return symbol is IMethodSymbol method && HasAttribute(method.GetReturnTypeAttributes(), secretAttribute);
    }

    /// <summary>The symbol an operand reads when it reads a marked secret (a field, property, parameter or method result); otherwise null.</summary>
    public static ISymbol? SecretRead(IOperation? operation, INamedTypeSymbol secretAttribute)
    {
        operation = SkipConversions(operation);
        ISymbol? symbol = operation switch
        {
            IParameterReferenceOperation p => p.Parameter,
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation p => p.Property,
            IInvocationOperation i => i.TargetMethod,
            _ => null,
        };
        return IsMarkedSecret(symbol, secretAttribute) ? symbol : null;
    }

    /// <summary>Removes implicit and explicit conversions and parentheses around an operand.</summary>
    public static IOperation? SkipConversions(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static bool HasAttribute(System.Collections.Immutable.ImmutableArray<AttributeData> attributes, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
