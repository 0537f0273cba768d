namespace SecureMailOps.Core.State;

/// <summary>What happened when a backup code was presented.</summary>
public enum BackupCodeConsumption
{
    /// <summary>No code with that hash exists for the account.</summary>
    Unknown,

    /// <summary>The code existed unused and is now used.</summary>
    Consumed,

    /// <summary>The code exists but was used before.</summary>
    AlreadyUsed,
}
