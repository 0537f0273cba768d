using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureMailOps.Analyzers;

/// <summary>Adds a using directive to a file that lacks it, in ordinal order among the others.</summary>
internal static class UsingDirectives
{
    public static SyntaxNode Ensure(SyntaxNode root, string namespaceName)
    {
        if (root is not CompilationUnitSyntax unit
            || unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && string.Equals(u.Name?.ToString(), namespaceName, StringComparison.Ordinal)))
        {
            return root;
        }

        UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithTrailingTrivia(unit.Usings.Count > 0 ? unit.Usings[0].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.LineFeed));
        int index = 0;
        while (index < unit.Usings.Count && Compare(unit.Usings[index].Name?.ToString() ?? string.Empty, namespaceName) < 0
            && unit.Usings[index].StaticKeyword.IsKind(SyntaxKind.None) && unit.Usings[index].Alias is null)
        {
            index++;
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    // System namespaces first (StyleCop SA1208), then ordinal.
    private static int Compare(string a, string b)
    {
        int systemFirst = IsSystem(b).CompareTo(IsSystem(a));
        return systemFirst != 0 ? systemFirst : string.CompareOrdinal(a, b);
    }

    private static bool IsSystem(string name) =>
        string.Equals(name, "System", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal);
}
