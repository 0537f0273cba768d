using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>One of the 17 practices, with the rules and cmdlets that cover it.</summary>
public sealed class SecurityPractice
{
    internal SecurityPractice(int number, string title, string coverage, IReadOnlyList<string> rules, IReadOnlyList<string> cmdlets)
    {
        Number = number;
        Title = title;
        Coverage = coverage;
        Rules = rules;
        Cmdlets = cmdlets;
    }

    /// <summary>Gets the practice number (1-17).</summary>
    public int Number { get; }

    /// <summary>Gets the practice in a few words.</summary>
    public string Title { get; }

    /// <summary>Gets what the module does for the practice.</summary>
    public string Coverage { get; }

    /// <summary>Gets the ids of the rules that check the practice.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>Gets the cmdlets that act on the practice.</summary>
    public IReadOnlyList<string> Cmdlets { get; }

    /// <inheritdoc />
    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + ". " + Title;
}
