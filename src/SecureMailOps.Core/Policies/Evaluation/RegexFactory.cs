using System;
using System.Text.RegularExpressions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// Builds the regular expressions of <c>match</c> conditions: case-insensitive, culture-invariant and
/// always with a match timeout, so a pathological pattern on hostile input gives an Error finding
/// instead of hanging the evaluation.
/// </summary>
internal static class RegexFactory
{
    /// <summary>The most time one match may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    public static bool TryCreate(string pattern, out Regex? regex, out string? problem) =>
        TryCreate(pattern, MatchTimeout, out regex, out problem);

    public static bool TryCreate(string pattern, TimeSpan timeout, out Regex? regex, out string? problem)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, timeout);
            problem = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            regex = null;
            problem = ex.Message;
            return false;
        }
    }
}
