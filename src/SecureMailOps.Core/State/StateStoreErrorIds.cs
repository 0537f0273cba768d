namespace SecureMailOps.Core.State;

/// <summary>The stable error ids of the state store (scripts and tests may depend on them).</summary>
public static class StateStoreErrorIds
{
    /// <summary>This operation needs a state store.</summary>
    public const string Missing = "StateStoreMissing";

    /// <summary>The state store '…' failed: …</summary>
    public const string Failed = "StateStoreFailed";

    /// <summary>The state store '…' has schema version …; this module knows up to …. Update the module.</summary>
    public const string TooNew = "StateStoreTooNew";

    /// <summary>The state store '…' could not be opened: …</summary>
    public const string OpenFailed = "StateStoreOpenFailed";

    /// <summary>No per-user data folder is known for this account: give -StorePath or set ….</summary>
    public const string NoDefault = "StateStoreNoDefault";
}
