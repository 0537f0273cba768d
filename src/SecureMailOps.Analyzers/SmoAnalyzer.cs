using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureMailOps.Analyzers;

/// <summary>
/// The shape every SMO rule shares: generated code is skipped, actions run concurrently, and a rule
/// registers its actions once per compilation (where it looks up the types it needs, and stays silent
/// in a compilation that does not have them).
/// </summary>
public abstract class SmoAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    /// <summary>Registers the rule's actions for one compilation.</summary>
    /// <param name="start">The compilation's context.</param>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext start);
}
