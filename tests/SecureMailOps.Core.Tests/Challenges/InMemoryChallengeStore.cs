using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Challenges;

namespace SecureMailOps.Core.Tests.Challenges;

/// <summary>A fake store for the service's unit tests; the SQLite store has its own tests.</summary>
internal sealed class InMemoryChallengeStore : IChallengeStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredChallenge> _rows = new(StringComparer.Ordinal);

    public IReadOnlyCollection<StoredChallenge> Rows
    {
        get
        {
            lock (_gate)
            {
                return _rows.Values.ToList();
            }
        }
    }

    public bool TryInsertPending(StoredChallenge challenge, int limit, DateTimeOffset since)
    {
        lock (_gate)
        {
            if (_rows.Values.Count(r => r.Recipient == challenge.Recipient && r.CreatedAt >= since) >= limit)
            {
                return false;
            }

            _rows[challenge.Id] = challenge;
            return true;
        }
    }

    public void Activate(string id)
    {
        lock (_gate)
        {
            _rows[id].State = ChallengeState.Active;
        }
    }

    public void Delete(string id)
    {
        lock (_gate)
        {
            _rows.Remove(id);
        }
    }

    public T Decide<T>(string id, Func<StoredChallenge?, T> decide)
    {
        lock (_gate)
        {
            _rows.TryGetValue(id, out StoredChallenge? row);
            return decide(row);
        }
    }

    public int Clear(string? recipient, DateTimeOffset? expiredBefore)
    {
        lock (_gate)
        {
            var doomed = _rows.Values.Where(r => (recipient is null || r.Recipient == recipient)
                && (expiredBefore is null || r.ExpiresAt <= expiredBefore || r.State is ChallengeState.Used or ChallengeState.Burned)).Select(r => r.Id).ToList();
            doomed.ForEach(id => _rows.Remove(id));
            return doomed.Count;
        }
    }
}
