using System;
using System.Collections.Generic;

namespace SecureMailOps.Core.State;

/// <summary>
/// Where verification state lives: used TOTP steps, HOTP counters, failure counters, lock-outs,
/// backup-code hashes and the activity log. The embedded implementation is SQLite
/// (<see cref="SqliteStateStore"/>); a server-backed store for many runbook workers implements the
/// same contract. Every read-modify-write happens inside <see cref="Execute{T}"/>, which is atomic
/// and serialised against every other writer of the same account.
/// </summary>
public interface IStateStore
{
    /// <summary>Gets where the store lives (a file path or a server name), for messages.</summary>
    string Location { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: it commits when <paramref name="work"/>
    /// returns and rolls back when it throws, so an interrupted call never leaves a half-updated account.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The reads and writes.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    T Execute<T>(Func<IStateTransaction, T> work);

    /// <summary>Reads the activity log, newest first.</summary>
    /// <param name="subject">Only entries for this account or recipient (normalised), or null for all.</param>
    /// <param name="since">Only entries at or after this time, or null.</param>
    /// <param name="maximum">At most this many entries.</param>
    /// <returns>The entries.</returns>
    IReadOnlyList<ActivityEntry> GetActivity(string? subject, DateTimeOffset? since, int maximum);

    /// <summary>Deletes activity entries older than a time (retention), in one transaction.</summary>
    /// <param name="before">Entries strictly before this time are deleted.</param>
    /// <param name="subject">Only entries for this account or recipient (normalised), or null for all.</param>
    /// <returns>How many entries were deleted.</returns>
    int DeleteActivity(DateTimeOffset before, string? subject);
}
