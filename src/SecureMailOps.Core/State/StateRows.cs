using System;
using System.Data.Common;
using SecureMailOps.Core.Challenges;

namespace SecureMailOps.Core.State;

/// <summary>
/// Reads the store's rows from any ADO.NET reader, so the SQLite and PostgreSQL stores share one
/// mapping: each store selects the columns in the order given here.
/// </summary>
public static class StateRows
{
    /// <summary>The account columns, in the order <see cref="ReadAccount"/> reads them.</summary>
    public const string AccountColumns = "last_totp_step, hotp_counter, failure_count, locked_until, lockout_count";

    /// <summary>The challenge columns, in the order <see cref="ReadChallenge"/> reads them.</summary>
    public const string ChallengeColumns = "recipient, purpose, salt, code_hash, created_at, expires_at, max_attempts, failed_attempts, state, key_id";

    /// <summary>The activity columns, in the order <see cref="ReadActivity"/> reads them.</summary>
    public const string ActivityColumns = "occurred_at, subject, source, outcome, detail";

    /// <summary>Reads an account row.</summary>
    /// <param name="reader">A reader positioned on a row of <see cref="AccountColumns"/>.</param>
    /// <param name="accountId">The account id.</param>
    /// <returns>The state.</returns>
    public static OtpAccountState ReadAccount(DbDataReader reader, string accountId)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new OtpAccountState(accountId)
        {
            LastTotpStep = reader.IsDBNull(0) ? null : reader.GetInt64(0),
            HotpCounter = reader.IsDBNull(1) ? null : reader.GetInt64(1),
            FailureCount = reader.GetInt32(2),
            LockedUntil = reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            LockoutCount = reader.GetInt32(4),
        };
    }

    /// <summary>Reads a challenge row.</summary>
    /// <param name="reader">A reader positioned on a row of <see cref="ChallengeColumns"/>.</param>
    /// <param name="challengeId">The challenge id.</param>
    /// <returns>The challenge.</returns>
    public static StoredChallenge ReadChallenge(DbDataReader reader, string challengeId)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new StoredChallenge
        {
            Id = challengeId,
            Recipient = reader.GetString(0),
            Purpose = reader.GetString(1),
            Salt = (byte[])reader.GetValue(2),
            CodeHash = (byte[])reader.GetValue(3),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            MaxAttempts = reader.GetInt32(6),
            FailedAttempts = reader.GetInt32(7),
            State = (ChallengeState)Enum.Parse(typeof(ChallengeState), reader.GetString(8)),
            KeyId = reader.IsDBNull(9) ? null : reader.GetString(9),
        };
    }

    /// <summary>Reads an activity row.</summary>
    /// <param name="reader">A reader positioned on a row of <see cref="ActivityColumns"/>.</param>
    /// <returns>The entry.</returns>
    public static ActivityEntry ReadActivity(DbDataReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new ActivityEntry(
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }
}
