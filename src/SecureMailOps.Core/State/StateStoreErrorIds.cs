namespace SecureMailOps.Core.State;

/// <summary>The stable error ids of the state store (scripts and tests may depend on them).</summary>
public static class StateStoreErrorIds
{
    /// <summary>This operation needs a state store.</summary>
    public const string Missing = "StateStoreMissing";

    /// <summary>An operation on the state store failed.</summary>
    public const string Failed = "StateStoreFailed";

    /// <summary>The state store has a schema version newer than this module knows.</summary>
    public const string TooNew = "StateStoreTooNew";

    /// <summary>The state store or its folder could not be created or opened.</summary>
    public const string OpenFailed = "StateStoreOpenFailed";

    /// <summary>No per-user data folder is known for this account: give -StorePath or set SECUREMAILOPS_STORE.</summary>
    public const string NoDefault = "StateStoreNoDefault";
}
