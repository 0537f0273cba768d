namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>Case-insensitive wildcard matching (* any run, ? one character) for waiver targets; no regex, so no timeouts to manage.</summary>
internal static class GlobPattern
{
    public static bool IsMatch(string text, string pattern)
    {
        int t = 0;
        int p = 0;
        int star = -1;
        int mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
