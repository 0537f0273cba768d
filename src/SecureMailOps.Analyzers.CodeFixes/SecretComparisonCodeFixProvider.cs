using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace SecureMailOps.Analyzers;

/// <summary>
/// Fixes SMO1003: rewrites <c>a == b</c>, <c>a != b</c>, <c>string.Equals(a, b)</c>, <c>a.Equals(b)</c> and
/// <c>a.SequenceEqual(b)</c> over two strings or two byte arrays as <c>ConstantTime.AreEqual(a, b)</c>
/// (negated for <c>!=</c>). Not offered for a case-insensitive comparison, whose meaning it would change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretComparisonCodeFixProvider))]
[Shared]
public sealed class SecretComparisonCodeFixProvider : SmoCodeFixProvider
{
    private const string ConstantTimeName = "SecureMailOps.Core.Otp.ConstantTime";
    private const string Title = "Compare with ConstantTime.AreEqual";

    /// <summary>Initializes a new instance of the <see cref="SecretComparisonCodeFixProvider"/> class.</summary>
    public SecretComparisonCodeFixProvider()
        : base(SmoDescriptors.SecretComparison)
    {
    }

    /// <inheritdoc />
    protected override void Register(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        INamedTypeSymbol? helper = model.Compilation.GetTypeByMetadataName(ConstantTimeName);
        if (helper is null || !model.Compilation.IsSymbolAccessibleWithin(helper, model.Compilation.Assembly))
        {
            return;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: false);
        if (Operands(model, node, context.CancellationToken) is { } operands)
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => RewriteAsync(context.Document, node, operands, helper, ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    /// <summary>The two compared expressions and whether the result is negated, when the comparison can be rewritten.</summary>
    private static (ExpressionSyntax Left, ExpressionSyntax Right, bool Negate)? Operands(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        IOperation? operation = model.GetOperation(node, cancellationToken);
        switch (operation)
        {
            case IBinaryOperation binary when node is BinaryExpressionSyntax syntax && SameFixableType(binary.LeftOperand, binary.RightOperand):
                return (syntax.Left, syntax.Right, binary.OperatorKind == BinaryOperatorKind.NotEquals);
            case IInvocationOperation invocation:
                var values = invocation.Arguments.OrderBy(a => a.Syntax.SpanStart).Select(a => a.Value).ToList();
                if (invocation.Instance is not null)
                {
                    values.Insert(0, invocation.Instance);
                }

                // A third argument is a StringComparison (or comparer): only ordinal keeps the meaning.
                if (values.Count == 3 && !IsOrdinal(values[2]))
                {
                    return null;
                }

                if (values.Count is 2 or 3 && SameFixableType(values[0], values[1])
                    && values[0].Syntax is ExpressionSyntax left && values[1].Syntax is ExpressionSyntax right)
                {
                    return (left, right, false);
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsOrdinal(IOperation operation) =>
        operation is IFieldReferenceOperation { Field.Name: "Ordinal", Field.ContainingType.Name: "StringComparison" };

    private static bool SameFixableType(IOperation left, IOperation right)
    {
        ITypeSymbol? a = KnownSymbols.SkipConversions(left)?.Type;
        ITypeSymbol? b = KnownSymbols.SkipConversions(right)?.Type;
        return Fixable(a) && Fixable(b) && SymbolEqualityComparer.Default.Equals(a, b);
    }

    private static bool Fixable(ITypeSymbol? type) =>
        type is not null && (type.SpecialType == SpecialType.System_String
            || (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }));

    private static async Task<Document> RewriteAsync(Document document, SyntaxNode node, (ExpressionSyntax Left, ExpressionSyntax Right, bool Negate) operands, INamedTypeSymbol helper, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        SyntaxGenerator generator = editor.Generator;
        SyntaxNode call = generator.InvocationExpression(
            generator.MemberAccessExpression(generator.TypeExpression(helper), "AreEqual"),
            operands.Left.WithoutTrivia(),
            operands.Right.WithoutTrivia());
        if (operands.Negate)
        {
            call = generator.LogicalNotExpression(call);
        }

        editor.ReplaceNode(node, call.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
        SyntaxNode root = UsingDirectives.Ensure(editor.GetChangedRoot(), helper.ContainingNamespace.ToDisplayString());
        Document changed = document.WithSyntaxRoot(root);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
