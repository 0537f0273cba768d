using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SecureMailOps.Analyzers;

/// <summary>
/// SMO1002: MailKit's <c>SecureSocketOptions.None</c>, <c>Auto</c> and <c>StartTlsWhenAvailable</c>
/// (named, cast from their numbers, or left to a parameter's default), MailKit's <c>Connect(host,
/// port, useSsl)</c> overloads, and a certificate validation callback that returns true without
/// reading any of its arguments.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureTlsAnalyzer : SmoAnalyzer
{
    private const string SecureSocketOptionsName = "MailKit.Security.SecureSocketOptions";

    // MailKit's values: None = 0, Auto = 1, SslOnConnect = 2, StartTls = 3, StartTlsWhenAvailable = 4.
    private static readonly Dictionary<long, string> UnsafeOptions = new() { [0] = "None", [1] = "Auto", [4] = "StartTlsWhenAvailable" };

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SmoDescriptors.InsecureTls);

    /// <inheritdoc />
    protected override void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        INamedTypeSymbol? options = start.Compilation.GetTypeByMetadataName(SecureSocketOptionsName);
        INamedTypeSymbol? policyErrors = start.Compilation.GetTypeByMetadataName("System.Net.Security.SslPolicyErrors");
        if (options is not null)
        {
            start.RegisterOperationAction(c => AnalyzeOptionsValue(c, options), OperationKind.FieldReference, OperationKind.Conversion);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, options), OperationKind.Invocation);
        }

        if (policyErrors is not null)
        {
            start.RegisterOperationAction(c => AnalyzeCallback(c, policyErrors), OperationKind.DelegateCreation);
            start.RegisterSymbolAction(c => AnalyzeCallbackMethod(c, policyErrors), SymbolKind.Method);
        }
    }

    private static void AnalyzeOptionsValue(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        // A value the compiler fills in for an omitted argument is reported once, at the call (AnalyzeInvocation).
        for (IOperation? parent = context.Operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue })
            {
                return;
            }
        }

        switch (context.Operation)
        {
            case IFieldReferenceOperation field when SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, options)
                && field.Field.ConstantValue is { } value && UnsafeOptions.TryGetValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), out string? name):
                Report(context, context.Operation.Syntax, name);
                break;
            case IConversionOperation conversion when SymbolEqualityComparer.Default.Equals(conversion.Type, options)
                && conversion.Operand.Type?.TypeKind != TypeKind.Enum
                && conversion.Operand.ConstantValue is { HasValue: true, Value: { } number } && IsInteger(number)
                && UnsafeOptions.TryGetValue(Convert.ToInt64(number, System.Globalization.CultureInfo.InvariantCulture), out string? cast):
                Report(context, context.Operation.Syntax, cast);
                break;
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, options)
                && argument.Value.ConstantValue is { HasValue: true, Value: { } value }
                && UnsafeOptions.TryGetValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), out string? name))
            {
                context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.InsecureTls, invocation.Syntax.GetLocation(),
                    $"'{invocation.TargetMethod.Name}' leaves its SecureSocketOptions to the default, SecureSocketOptions.{name}, which may send in cleartext; pass SslOnConnect or StartTls"));
            }

            if (argument.Parameter is { Name: "useSsl", Type.SpecialType: SpecialType.System_Boolean }
                && invocation.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("MailKit", StringComparison.Ordinal) == true)
            {
                context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.InsecureTls, invocation.Syntax.GetLocation(),
                    $"MailKit's '{invocation.TargetMethod.Name}(host, port, useSsl)' maps useSsl: false to SecureSocketOptions.StartTlsWhenAvailable, which may send in cleartext; pass SslOnConnect or StartTls"));
            }
        }
    }

    private static void AnalyzeCallback(OperationAnalysisContext context, INamedTypeSymbol policyErrors)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        if (!IsValidationCallback((creation.Type as INamedTypeSymbol)?.DelegateInvokeMethod, policyErrors))
        {
            return;
        }

        // Method groups are judged where the method is declared (AnalyzeCallbackMethod).
        if (creation.Target is IAnonymousFunctionOperation lambda && AcceptsAnything(lambda.Syntax))
        {
            ReportCallback(context.ReportDiagnostic, lambda.Syntax.GetLocation());
        }
    }

    private static void AnalyzeCallbackMethod(SymbolAnalysisContext context, INamedTypeSymbol policyErrors)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!IsValidationCallback(method, policyErrors))
        {
            return;
        }

        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode syntax = reference.GetSyntax(context.CancellationToken);
            if (AcceptsAnything(syntax))
            {
                ReportCallback(context.ReportDiagnostic, method.Locations[0]);
            }
        }
    }

    private static bool IsValidationCallback(IMethodSymbol? signature, INamedTypeSymbol policyErrors) =>
        signature is not null && signature.ReturnType.SpecialType == SpecialType.System_Boolean
        && signature.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, policyErrors));

    /// <summary>True when the function's every return is the literal true and its body names none of its parameters.</summary>
    private static bool AcceptsAnything(SyntaxNode function)
    {
        (IEnumerable<string> parameters, SyntaxNode? body) = function switch
        {
            SimpleLambdaExpressionSyntax simple => (new[] { simple.Parameter.Identifier.ValueText }, (SyntaxNode?)simple.Body),
            ParenthesizedLambdaExpressionSyntax lambda => (lambda.ParameterList.Parameters.Select(p => p.Identifier.ValueText), lambda.Body),
            AnonymousMethodExpressionSyntax anonymous => (anonymous.ParameterList?.Parameters.Select(p => p.Identifier.ValueText) ?? Enumerable.Empty<string>(), anonymous.Body),
            MethodDeclarationSyntax method => (method.ParameterList.Parameters.Select(p => p.Identifier.ValueText), (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression),
            LocalFunctionStatementSyntax local => (local.ParameterList.Parameters.Select(p => p.Identifier.ValueText), (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression),
            _ => (Enumerable.Empty<string>(), null),
        };
        if (body is null)
        {
            return false;
        }

        var names = new HashSet<string>(parameters, StringComparer.Ordinal);
        if (body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id => names.Contains(id.Identifier.ValueText)))
        {
            return false;
        }

        if (body is ExpressionSyntax expression)
        {
            return IsTrue(expression);
        }

        var returns = body.DescendantNodes(n => n == body || !IsFunction(n)).OfType<ReturnStatementSyntax>().ToList();
        return returns.Count > 0 && returns.All(r => r.Expression is not null && IsTrue(r.Expression));
    }

    private static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private static bool IsTrue(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression.IsKind(SyntaxKind.TrueLiteralExpression);
    }

    private static bool IsInteger(object value) =>
        value is int or long or short or byte or sbyte or uint or ushort or ulong;

    private static void Report(OperationAnalysisContext context, SyntaxNode syntax, string name) =>
        context.ReportDiagnostic(Diagnostic.Create(SmoDescriptors.InsecureTls, syntax.GetLocation(),
            $"SecureSocketOptions.{name} may send in cleartext; use SslOnConnect or StartTls"));

    private static void ReportCallback(Action<Diagnostic> report, Location location) =>
        report(Diagnostic.Create(SmoDescriptors.InsecureTls, location,
            "This certificate validation callback returns true without looking at the certificate, chain or errors: it accepts any certificate; validate or pin instead"));
}
