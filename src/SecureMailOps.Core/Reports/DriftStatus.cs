namespace SecureMailOps.Core.Reports;

/// <summary>How a finding compares with the same rule and target in a baseline report.</summary>
public enum DriftStatus
{
    /// <summary>Not compared (no baseline was given).</summary>
    None,

    /// <summary>Not failing before, failing now (or not in the baseline at all and failing).</summary>
    New,

    /// <summary>Failing before, not failing now.</summary>
    Fixed,

    /// <summary>Failing before and now.</summary>
    StillFailing,

    /// <summary>Not failing before or now.</summary>
    Unchanged,
}
