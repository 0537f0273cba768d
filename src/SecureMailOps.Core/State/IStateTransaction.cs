using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.State;

/// <summary>
/// The operations available inside one <see cref="IStateStore.Execute{T}"/> transaction. Later
/// features (emailed challenges) add their operations here, backed by tables that a new migration
/// appends to the store's migration list.
/// </summary>
public interface IStateTransaction
{
    /// <summary>
    /// Reads an account's OTP state for update: a server-backed store locks the row for the rest of
    /// the transaction (SQLite already holds the database's write lock).
    /// </summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <returns>The state, or null when the account has none yet.</returns>
    OtpAccountState? GetAccountForUpdate(string accountId);

    /// <summary>Inserts or replaces an account's OTP state.</summary>
    /// <param name="state">The state.</param>
    /// <param name="now">The time of the change.</param>
    void SaveAccount(OtpAccountState state, DateTimeOffset now);

    /// <summary>Replaces an account's backup codes (revoking every earlier one) with new hashes.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <param name="hashes">The code hashes.</param>
    /// <param name="now">The time of issue.</param>
    void ReplaceBackupCodes(string accountId, IReadOnlyList<byte[]> hashes, DateTimeOffset now);

    /// <summary>Marks an unused backup code as used.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <param name="hash">The code's hash.</param>
    /// <param name="now">The time of use.</param>
    /// <returns>Consumed when an unused code with that hash existed and is now used; AlreadyUsed or Unknown otherwise.</returns>
    BackupCodeConsumption ConsumeBackupCode(string accountId, byte[] hash, DateTimeOffset now);

    /// <summary>Counts an account's unused backup codes.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <returns>The count.</returns>
    int CountBackupCodes(string accountId);

    /// <summary>Appends an entry to the activity log (successes, failures, replays, lock-outs).</summary>
    /// <param name="entry">The entry; it never holds a code or a secret.</param>
    void AppendActivity(ActivityEntry entry);
}
