using System;
using System.Collections.Generic;
using SecureMailOps.Core.Challenges;

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

    /// <summary>Deletes activity entries older than a time (retention).</summary>
    /// <param name="before">Entries strictly before this time are deleted.</param>
    /// <param name="subject">Only entries for this account or recipient (normalised), or null for all.</param>
    /// <returns>How many entries were deleted.</returns>
    int DeleteActivity(DateTimeOffset before, string? subject);

    /// <summary>
    /// Counts the codes issued at or after a time, from the issuance log (which challenge housekeeping
    /// does not clear inside any limit's window), for one recipient or for all.
    /// </summary>
    /// <param name="recipient">The canonical recipient address, or null for every recipient.</param>
    /// <param name="since">The start of the window.</param>
    /// <returns>The count.</returns>
    int CountIssuedSince(string? recipient, DateTimeOffset since);

    /// <summary>Records that a code was issued to a recipient (counted by <see cref="CountIssuedSince"/>).</summary>
    /// <param name="recipient">The canonical recipient address.</param>
    /// <param name="at">When.</param>
    void RecordIssuance(string recipient, DateTimeOffset at);

    /// <summary>Deletes issuance log entries older than a time (older than the longest limit window).</summary>
    /// <param name="before">Entries strictly before this time are deleted.</param>
    /// <returns>How many were deleted.</returns>
    int PruneIssuance(DateTimeOffset before);

    /// <summary>Inserts a new challenge.</summary>
    /// <param name="challenge">The challenge (only a salted hash of its code).</param>
    void InsertChallenge(StoredChallenge challenge);

    /// <summary>Reads a challenge for update.</summary>
    /// <param name="challengeId">The challenge id.</param>
    /// <returns>The challenge, or null.</returns>
    StoredChallenge? GetChallengeForUpdate(string challengeId);

    /// <summary>Saves a challenge's state and failed-attempt count.</summary>
    /// <param name="challenge">The challenge.</param>
    void UpdateChallenge(StoredChallenge challenge);

    /// <summary>Deletes a challenge.</summary>
    /// <param name="challengeId">The challenge id.</param>
    void DeleteChallenge(string challengeId);

    /// <summary>Deletes challenges.</summary>
    /// <param name="recipient">Only this recipient's, or all when null.</param>
    /// <param name="unusableAt">Only those no longer usable at this time (expired, used, burned or never sent), or all when null.</param>
    /// <returns>How many were deleted.</returns>
    int ClearChallenges(string? recipient, DateTimeOffset? unusableAt);
}
