using System;
using System.Collections.Generic;
using Npgsql;
using NpgsqlTypes;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.State;

namespace SecureMailOps.Postgres;

/// <summary>The PostgreSQL side of one <see cref="IStateStore.Execute{T}"/> transaction (READ COMMITTED with row locks).</summary>
internal sealed class PostgresStateTransaction : IStateTransaction
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly int _issuanceLockKey;

    public PostgresStateTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, int issuanceLockKey)
    {
        _connection = connection;
        _transaction = transaction;
        _issuanceLockKey = issuanceLockKey;
    }

    public OtpAccountState? GetAccountForUpdate(string accountId)
    {
        // The row is created first so that even a new account is locked: two first verifications of
        // one account queue here instead of both reading "nothing used yet".
        using (NpgsqlCommand create = Command("INSERT INTO otp_account (account_id, updated_at) VALUES ($1, 0) ON CONFLICT (account_id) DO NOTHING", accountId))
        {
            create.ExecuteNonQuery();
        }

        using NpgsqlCommand command = Command(
            "SELECT " + StateRows.AccountColumns + " FROM otp_account WHERE account_id = $1 FOR UPDATE", accountId);
        using NpgsqlDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return StateRows.ReadAccount(reader, accountId);
    }

    public void SaveAccount(OtpAccountState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);

        using NpgsqlCommand command = Command(
            "INSERT INTO otp_account (account_id, last_totp_step, hotp_counter, failure_count, locked_until, lockout_count, updated_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7) " +
            "ON CONFLICT (account_id) DO UPDATE SET last_totp_step = excluded.last_totp_step, hotp_counter = excluded.hotp_counter, " +
            "failure_count = excluded.failure_count, locked_until = excluded.locked_until, lockout_count = excluded.lockout_count, updated_at = excluded.updated_at",
            state.AccountId,
            Int64(state.LastTotpStep),
            Int64(state.HotpCounter),
            state.FailureCount,
            Int64(state.LockedUntil?.ToUnixTimeMilliseconds()),
            state.LockoutCount,
            now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public void ReplaceBackupCodes(string accountId, IReadOnlyList<byte[]> hashes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hashes);

        using (NpgsqlCommand delete = Command("DELETE FROM otp_backup_code WHERE account_id = $1", accountId))
        {
            delete.ExecuteNonQuery();
        }

        foreach (byte[] hash in hashes)
        {
            using NpgsqlCommand insert = Command("INSERT INTO otp_backup_code (account_id, code_hash, created_at) VALUES ($1, $2, $3)", accountId, hash, now.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
    }

    public BackupCodeConsumption ConsumeBackupCode(string accountId, byte[] hash, DateTimeOffset now)
    {
        // The UPDATE takes the row lock; a concurrent one waits, re-checks used_at and changes nothing.
        using (NpgsqlCommand update = Command(
            "UPDATE otp_backup_code SET used_at = $1 WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL", now.ToUnixTimeMilliseconds(), accountId, hash))
        {
            if (update.ExecuteNonQuery() == 1)
            {
                return BackupCodeConsumption.Consumed;
            }
        }

        using NpgsqlCommand used = Command("SELECT COUNT(*) FROM otp_backup_code WHERE account_id = $1 AND code_hash = $2", accountId, hash);
        return Convert.ToInt64(used.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0 ? BackupCodeConsumption.AlreadyUsed : BackupCodeConsumption.Unknown;
    }

    public int CountBackupCodes(string accountId)
    {
        using NpgsqlCommand command = Command("SELECT COUNT(*) FROM otp_backup_code WHERE account_id = $1 AND used_at IS NULL", accountId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void AppendActivity(ActivityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);

        using NpgsqlCommand command = Command(
            "INSERT INTO activity (occurred_at, subject, source, outcome, detail) VALUES ($1, $2, $3, $4, $5)",
            entry.Time.ToUnixTimeMilliseconds(),
            entry.Subject,
            entry.Source,
            entry.Outcome,
            Text(entry.Detail));
        command.ExecuteNonQuery();
    }

    public int DeleteActivity(DateTimeOffset before, string? subject)
    {
        using NpgsqlCommand command = Command("DELETE FROM activity WHERE occurred_at < $1 AND ($2::text IS NULL OR subject = $2)", before.ToUnixTimeMilliseconds(), Text(subject));
        return command.ExecuteNonQuery();
    }

    public int CountIssuedSince(string? recipient, DateTimeOffset since)
    {
        // Counting and the insert that follows happen under a transaction-scoped advisory lock per
        // recipient (and one for the global count), so parallel issuers cannot both see room for one more.
        using (NpgsqlCommand gate = Command("SELECT pg_advisory_xact_lock($1, hashtext($2))", _issuanceLockKey, recipient ?? "*"))
        {
            gate.ExecuteNonQuery();
        }

        using NpgsqlCommand command = Command(
            "SELECT COUNT(*) FROM otp_issuance WHERE ($1::text IS NULL OR recipient = $1) AND issued_at >= $2", Text(recipient), since.ToUnixTimeMilliseconds());
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void RecordIssuance(string recipient, DateTimeOffset at)
    {
        using NpgsqlCommand command = Command("INSERT INTO otp_issuance (recipient, issued_at) VALUES ($1, $2)", recipient, at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public int PruneIssuance(DateTimeOffset before)
    {
        using NpgsqlCommand command = Command("DELETE FROM otp_issuance WHERE issued_at < $1", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public void InsertChallenge(StoredChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);

        using NpgsqlCommand command = Command(
            "INSERT INTO otp_challenge (challenge_id, recipient, purpose, salt, code_hash, created_at, expires_at, max_attempts, failed_attempts, state, key_id) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            challenge.Id,
            challenge.Recipient,
            challenge.Purpose,
            challenge.Salt,
            challenge.CodeHash,
            challenge.CreatedAt.ToUnixTimeMilliseconds(),
            challenge.ExpiresAt.ToUnixTimeMilliseconds(),
            challenge.MaxAttempts,
            challenge.FailedAttempts,
            challenge.State.ToString(),
            Text(challenge.KeyId));
        command.ExecuteNonQuery();
    }

    public StoredChallenge? GetChallengeForUpdate(string challengeId)
    {
        using NpgsqlCommand command = Command(
            "SELECT " + StateRows.ChallengeColumns + " FROM otp_challenge WHERE challenge_id = $1 FOR UPDATE", challengeId);
        using NpgsqlDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return StateRows.ReadChallenge(reader, challengeId);
    }

    public void UpdateChallenge(StoredChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);

        using NpgsqlCommand command = Command("UPDATE otp_challenge SET failed_attempts = $1, state = $2 WHERE challenge_id = $3", challenge.FailedAttempts, challenge.State.ToString(), challenge.Id);
        command.ExecuteNonQuery();
    }

    public void DeleteChallenge(string challengeId)
    {
        using NpgsqlCommand command = Command("DELETE FROM otp_challenge WHERE challenge_id = $1", challengeId);
        command.ExecuteNonQuery();
    }

    public int ClearChallenges(string? recipient, DateTimeOffset? unusableAt)
    {
        using NpgsqlCommand command = Command(
            "DELETE FROM otp_challenge WHERE ($1::text IS NULL OR recipient = $1) AND ($2::bigint IS NULL OR expires_at <= $2 OR state IN ('Used', 'Burned'))",
            Text(recipient),
            Int64(unusableAt?.ToUnixTimeMilliseconds()));
        return command.ExecuteNonQuery();
    }

    private static NpgsqlParameter Int64(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value.HasValue ? value.Value : DBNull.Value };

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private NpgsqlCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, _connection, _transaction);
        foreach (object value in values)
        {
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
