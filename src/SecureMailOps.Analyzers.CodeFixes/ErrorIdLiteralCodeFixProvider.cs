using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SecureMailOps.Analyzers;

/// <summary>
/// Fixes SMO1004: replaces an error id literal with the *ErrorIds constant that has the same value
/// (one action per matching constant; none when no constant has it: declare it first).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ErrorIdLiteralCodeFixProvider))]
[Shared]
public sealed class ErrorIdLiteralCodeFixProvider : SmoCodeFixProvider
{
    /// <summary>Initializes a new instance of the <see cref="ErrorIdLiteralCodeFixProvider"/> class.</summary>
    public ErrorIdLiteralCodeFixProvider()
        : base(SmoDescriptors.ErrorIdLiteral)
    {
    }

    /// <inheritdoc />
    protected override void Register(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ErrorIdAnalyzer.ValueKey, out string? value) || value is null)
        {
            return;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        foreach (IFieldSymbol constant in Matching(model.Compilation, value))
        {
            string title = "Use " + constant.ContainingType.Name + "." + constant.Name;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, node, constant, ct), equivalenceKey: title),
                diagnostic);
        }
    }

    /// <summary>The accessible *ErrorIds constants whose value is the literal, in the compilation and its references.</summary>
    private static IEnumerable<IFieldSymbol> Matching(Compilation compilation, string value)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(compilation.GlobalNamespace);
        var found = new List<IFieldSymbol>();
        while (stack.Count > 0)
        {
            INamespaceOrTypeSymbol current = stack.Pop();
            foreach (ISymbol member in current.GetMembers())
            {
                switch (member)
                {
                    case INamespaceSymbol ns:
                        stack.Push(ns);
                        break;
                    case INamedTypeSymbol type when KnownSymbols.IsErrorIdsType(type):
                        found.AddRange(type.GetMembers().OfType<IFieldSymbol>().Where(f =>
                            KnownSymbols.IsErrorIdConstant(f) && string.Equals(f.ConstantValue as string, value, StringComparison.Ordinal)
                            && compilation.IsSymbolAccessibleWithin(f, compilation.Assembly)));
                        break;
                }
            }
        }

        return found.OrderBy(f => f.ContainingType.Name, StringComparer.Ordinal);
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode literal, IFieldSymbol constant, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        SyntaxGenerator generator = editor.Generator;
        SyntaxNode access = generator.MemberAccessExpression(generator.TypeExpression(constant.ContainingType), constant.Name)
            .WithTriviaFrom(literal)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        editor.ReplaceNode(literal, access);
        SyntaxNode root = UsingDirectives.Ensure(editor.GetChangedRoot(), constant.ContainingType.ContainingNamespace.ToDisplayString());
        Document changed = document.WithSyntaxRoot(root);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
