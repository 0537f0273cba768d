using System;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Where challenges live. Every method is atomic on its own; <see cref="Decide"/> runs a whole
/// read-decide-write under one write lock so that concurrent confirmations cannot both succeed.
/// </summary>
public interface IChallengeStore
{
    /// <summary>
    /// Inserts a pending challenge unless the recipient already had <paramref name="limit"/> or more
    /// challenges created since <paramref name="since"/> (counted and inserted under one lock).
    /// </summary>
    /// <param name="challenge">The new challenge, in state Pending.</param>
    /// <param name="limit">How many challenges a recipient may get per window.</param>
    /// <param name="since">The start of the window.</param>
    /// <returns>False when the limit was reached and nothing was inserted.</returns>
    bool TryInsertPending(StoredChallenge challenge, int limit, DateTimeOffset since);

    /// <summary>Marks a pending challenge active (its mail was accepted).</summary>
    /// <param name="id">The challenge id.</param>
    void Activate(string id);

    /// <summary>Removes a challenge (its mail could not be sent).</summary>
    /// <param name="id">The challenge id.</param>
    void Delete(string id);

    /// <summary>
    /// Loads the challenge under a write lock, lets <paramref name="decide"/> update it (state,
    /// failed attempts), saves it, and returns what <paramref name="decide"/> returned.
    /// <paramref name="decide"/> receives null when there is no such challenge and may not save then.
    /// </summary>
    /// <typeparam name="T">The decision type.</typeparam>
    /// <param name="id">The challenge id.</param>
    /// <param name="decide">The decision, run inside the lock.</param>
    /// <returns>The decision.</returns>
    T Decide<T>(string id, Func<StoredChallenge?, T> decide);

    /// <summary>Deletes challenges.</summary>
    /// <param name="recipient">Only this recipient's, or all when null.</param>
    /// <param name="expiredBefore">Only those no longer usable at this time (expired, used or burned), or all when null.</param>
    /// <returns>How many were deleted.</returns>
    int Clear(string? recipient, DateTimeOffset? expiredBefore);
}
