using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>Enum names as the formats write them, without Enum.ToString's reflection per finding.</summary>
internal static class Names
{
    private static readonly string[] Outcomes = { nameof(FindingOutcome.Pass), nameof(FindingOutcome.Fail), nameof(FindingOutcome.Waived), nameof(FindingOutcome.NotApplicable), nameof(FindingOutcome.Error) };
    private static readonly string[] Kinds = { nameof(TargetKind.Account), nameof(TargetKind.Device), nameof(TargetKind.Connection) };

    public static string Outcome(FindingOutcome outcome) => (uint)outcome < (uint)Outcomes.Length ? Outcomes[(int)outcome] : outcome.ToString();

    public static string Kind(TargetKind kind) => (uint)kind < (uint)Kinds.Length ? Kinds[(int)kind] : kind.ToString();
}
