namespace SecureMailOps.Core.State;

/// <summary>The stable error ids of the state store (scripts and tests may depend on them).</summary>
public static class StateStoreErrorIds
{
    /// <summary>A store operation failed.</summary>
    public const string Failed = "StateStoreFailed";

    /// <summary>The operation needs a store.</summary>
    public const string Missing = "StateStoreMissing";

    /// <summary>No default store location is known.</summary>
    public const string NoDefault = "StateStoreNoDefault";

    /// <summary>The store could not be opened or created.</summary>
    public const string OpenFailed = "StateStoreOpenFailed";

    /// <summary>The store has a newer schema than this module knows; nothing was written.</summary>
    public const string TooNew = "StateStoreTooNew";

    /// <summary>A server-backed store lost every bounded retry of one operation to concurrent transactions (serialization failures or deadlocks); nothing was recorded (ResourceBusy).</summary>
    public const string Busy = "StateStoreBusy";

    /// <summary>A server-backed store could not be reached or dropped the connection (ConnectionError).</summary>
    public const string Unavailable = "StateStoreUnavailable";

    /// <summary>A server-backed store refused the credentials (a wrong password, or a role it does not let in: AuthenticationError); nothing was sent.</summary>
    public const string AccessDenied = "StateStoreAccessDenied";

    /// <summary>A store connection string or URI could not be read.</summary>
    public const string ConnectionStringInvalid = "StateStoreConnectionStringInvalid";

    /// <summary>The server store's TLS certificate was refused (untrusted issuer, or not issued for the host name under sslmode=verify-full); nothing was sent to it.</summary>
    public const string TlsFailed = "StateStoreTlsFailed";
}
