using System;
using System.Text.RegularExpressions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// Builds the regular expressions of <c>match</c> conditions: case-insensitive, culture-invariant, with
/// a match timeout, and, where the runtime has it (.NET 7 and later, so PowerShell 7.3+), with
/// <c>RegexOptions.NonBacktracking</c>: matching then takes time linear in the input whatever the
/// pattern, so a pattern such as <c>^([a-z0-9]+)+@example\.com$</c> cannot stall an evaluation. The
/// constructs linear-time matching cannot run (backreferences, lookarounds, atomic groups,
/// conditionals) are refused when the policy loads, with the reason. Where the runtime lacks the
/// option (Windows PowerShell 5.1), <see cref="MatchBudget"/> bounds the total time a condition spends.
/// </summary>
internal static class RegexFactory
{
    /// <summary>The most time one match may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>The most matching time one <c>match</c> condition may spend in one evaluation, over all records.</summary>
    public static readonly TimeSpan ConditionBudget = TimeSpan.FromSeconds(1);

    // RegexOptions.NonBacktracking (1024) is not in netstandard2.0's surface; the runtime decides whether it knows it.
    private const RegexOptions NonBacktrackingOption = (RegexOptions)1024;

    private const RegexOptions BaseOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Gets a value indicating whether this runtime matches in linear time (NonBacktracking).</summary>
    public static bool RuntimeHasNonBacktracking { get; } = ProbeNonBacktracking();

    public static bool TryCreate(string pattern, out Regex? regex, out string? problem) =>
        TryCreate(pattern, RuntimeHasNonBacktracking, out regex, out problem);

    /// <summary>Builds a regex; <paramref name="nonBacktracking"/> false is the Windows PowerShell 5.1 path (tests use it to reach the budget).</summary>
    public static bool TryCreate(string pattern, bool nonBacktracking, out Regex? regex, out string? problem)
    {
        try
        {
            regex = new Regex(pattern, nonBacktracking ? BaseOptions | NonBacktrackingOption : BaseOptions, MatchTimeout);
            problem = null;
            return true;
        }
        catch (NotSupportedException ex)
        {
            regex = null;
            problem = "it uses a construct that linear-time matching cannot run (" + ex.Message.TrimEnd('.') + "); "
                + "backreferences, lookahead and lookbehind, atomic groups and conditionals are not allowed, so that no pattern can stall an evaluation";
            return false;
        }
        catch (ArgumentException ex)
        {
            regex = null;
            problem = ex.Message;
            return false;
        }
    }

    private static bool ProbeNonBacktracking()
    {
        try
        {
            _ = new Regex("a", BaseOptions | NonBacktrackingOption, MatchTimeout);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
