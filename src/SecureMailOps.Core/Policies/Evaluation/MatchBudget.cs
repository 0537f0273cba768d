using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// The matching time one <c>match</c> condition may spend in one evaluation, over all its records. A
/// per-match timeout alone bounds one record, not 100,000 of them; once the budget is spent, the
/// condition's remaining records get an Error finding at once instead of another timeout each. With
/// NonBacktracking matching the budget is rarely reached; on Windows PowerShell 5.1 it is the bound.
/// </summary>
internal sealed class MatchBudget
{
    private readonly long _budgetTicks;
    private long _spentTicks;

    public MatchBudget(TimeSpan budget)
    {
        Budget = budget;
        _budgetTicks = (long)(budget.TotalSeconds * Stopwatch.Frequency);
    }

    public TimeSpan Budget { get; }

    /// <summary>Gets a value indicating whether the budget is spent.</summary>
    public bool IsSpent => Interlocked.Read(ref _spentTicks) >= _budgetTicks;

    /// <summary>Runs one match within the budget; null when the budget is spent or the match timed out.</summary>
    public bool? IsMatch(Regex regex, string text)
    {
        if (IsSpent)
        {
            return null;
        }

        long start = Stopwatch.GetTimestamp();
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
        finally
        {
            Interlocked.Add(ref _spentTicks, Stopwatch.GetTimestamp() - start);
        }
    }
}
