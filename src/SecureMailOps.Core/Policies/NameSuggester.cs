using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>Finds the valid name nearest to a misspelling (edit distance, case-insensitive).</summary>
internal static class NameSuggester
{
    /// <summary>Returns "; did you mean 'x'?" for a close candidate, or an empty string.</summary>
    public static string Suggest(string wrong, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int distance = Distance(wrong.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        int allowed = Math.Max(2, wrong.Length / 3);
        return best is not null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : string.Empty;
    }

    /// <summary>Damerau-Levenshtein distance (optimal string alignment): a swap of two letters is one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
            }
        }

        return d[a.Length, b.Length];
    }
}
