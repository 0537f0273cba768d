using System;

namespace SecureMailOps.Core.State;

/// <summary>The verification state of one account: what was used, how often it failed, whether it is locked.</summary>
public sealed class OtpAccountState
{
    /// <summary>Creates the state of an account.</summary>
    /// <param name="accountId">The normalised account id.</param>
    public OtpAccountState(string accountId)
    {
        AccountId = accountId;
    }

    /// <summary>Gets the normalised account id.</summary>
    public string AccountId { get; }

    /// <summary>Gets or sets the last TOTP step accepted; it and every earlier step are refused (replay).</summary>
    public long? LastTotpStep { get; set; }

    /// <summary>Gets or sets the next HOTP counter expected (one past the last match).</summary>
    public long? HotpCounter { get; set; }

    /// <summary>Gets or sets the number of consecutive failures.</summary>
    public int FailureCount { get; set; }

    /// <summary>Gets or sets how many lock-outs the account had since its last success (each one lasts longer).</summary>
    public int LockoutCount { get; set; }

    /// <summary>Gets or sets the end of the lock-out, or null when not locked.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
}
