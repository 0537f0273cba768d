using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SecureMailOps.Analyzers;

/// <summary>The shape both SMO code fixes share: one rule, batch fix-all, one registration per diagnostic over the document's tree and model.</summary>
public abstract class SmoCodeFixProvider : CodeFixProvider
{
    /// <summary>Creates a provider for one rule.</summary>
    /// <param name="rule">The rule it fixes.</param>
    protected SmoCodeFixProvider(DiagnosticDescriptor rule) =>
        FixableDiagnosticIds = ImmutableArray.Create(rule?.Id ?? string.Empty);

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            Register(context, root, model, diagnostic);
        }
    }

    /// <summary>Registers the fixes for one diagnostic, if it can be fixed.</summary>
    /// <param name="context">The fix context.</param>
    /// <param name="root">The document's syntax root.</param>
    /// <param name="model">The document's semantic model.</param>
    /// <param name="diagnostic">The diagnostic.</param>
    protected abstract void Register(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic);
}
