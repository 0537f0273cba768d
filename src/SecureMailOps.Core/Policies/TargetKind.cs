namespace SecureMailOps.Core.Policies;

/// <summary>The kinds of inventory records rules are written for.</summary>
public enum TargetKind
{
    /// <summary>A mail account.</summary>
    Account,

    /// <summary>A device used to reach mail or to hold a second factor.</summary>
    Device,

    /// <summary>A connection to a mail server.</summary>
    Connection,
}
