using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Challenges;

namespace SecureMailOps.Core.State;

/// <summary>The SQLite side of one <see cref="IStateStore.Execute{T}"/> transaction.</summary>
internal sealed class SqliteStateTransaction : IStateTransaction
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    public SqliteStateTransaction(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public OtpAccountState? GetAccountForUpdate(string accountId)
    {
        using SqliteCommand command = Command(
            "SELECT last_totp_step, hotp_counter, failure_count, locked_until, lockout_count FROM otp_account WHERE account_id = $id");
        command.Parameters.AddWithValue("$id", accountId);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
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

    public void SaveAccount(OtpAccountState state, DateTimeOffset now)
    {
        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        using SqliteCommand command = Command(
            "INSERT INTO otp_account (account_id, last_totp_step, hotp_counter, failure_count, locked_until, lockout_count, updated_at) " +
            "VALUES ($id, $step, $counter, $failures, $locked, $lockouts, $now) " +
            "ON CONFLICT (account_id) DO UPDATE SET last_totp_step = excluded.last_totp_step, hotp_counter = excluded.hotp_counter, " +
            "failure_count = excluded.failure_count, locked_until = excluded.locked_until, lockout_count = excluded.lockout_count, updated_at = excluded.updated_at");
        command.Parameters.AddWithValue("$id", state.AccountId);
        command.Parameters.AddWithValue("$step", state.LastTotpStep.HasValue ? state.LastTotpStep.Value : DBNull.Value);
        command.Parameters.AddWithValue("$counter", state.HotpCounter.HasValue ? state.HotpCounter.Value : DBNull.Value);
        command.Parameters.AddWithValue("$failures", state.FailureCount);
        command.Parameters.AddWithValue("$locked", state.LockedUntil.HasValue ? state.LockedUntil.Value.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$lockouts", state.LockoutCount);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public void ReplaceBackupCodes(string accountId, IReadOnlyList<byte[]> hashes, DateTimeOffset now)
    {
        if (hashes is null)
        {
            throw new ArgumentNullException(nameof(hashes));
        }

        using (SqliteCommand delete = Command("DELETE FROM otp_backup_code WHERE account_id = $id"))
        {
            delete.Parameters.AddWithValue("$id", accountId);
            delete.ExecuteNonQuery();
        }

        using SqliteCommand insert = Command("INSERT INTO otp_backup_code (account_id, code_hash, created_at) VALUES ($id, $hash, $now)");
        insert.Parameters.AddWithValue("$id", accountId);
        SqliteParameter hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        insert.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        foreach (byte[] value in hashes)
        {
            hash.Value = value;
            insert.ExecuteNonQuery();
        }
    }

    public BackupCodeConsumption ConsumeBackupCode(string accountId, byte[] hash, DateTimeOffset now)
    {
        using (SqliteCommand update = Command(
            "UPDATE otp_backup_code SET used_at = $now WHERE account_id = $id AND code_hash = $hash AND used_at IS NULL"))
        {
            update.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", accountId);
            update.Parameters.Add("$hash", SqliteType.Blob).Value = hash;
            if (update.ExecuteNonQuery() == 1)
            {
                return BackupCodeConsumption.Consumed;
            }
        }

        using SqliteCommand used = Command("SELECT COUNT(*) FROM otp_backup_code WHERE account_id = $id AND code_hash = $hash");
        used.Parameters.AddWithValue("$id", accountId);
        used.Parameters.Add("$hash", SqliteType.Blob).Value = hash;
        return Convert.ToInt32(used.ExecuteScalar(), CultureInfo.InvariantCulture) > 0 ? BackupCodeConsumption.AlreadyUsed : BackupCodeConsumption.Unknown;
    }

    public int CountBackupCodes(string accountId)
    {
        using SqliteCommand command = Command("SELECT COUNT(*) FROM otp_backup_code WHERE account_id = $id AND used_at IS NULL");
        command.Parameters.AddWithValue("$id", accountId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public int DeleteActivity(DateTimeOffset before, string? subject)
    {
        using SqliteCommand command = Command(
            "DELETE FROM activity WHERE occurred_at < $before AND ($subject IS NULL OR subject = $subject)");
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$subject", (object?)subject ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    public void AppendActivity(ActivityEntry entry)
    {
        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        using SqliteCommand command = Command(
            "INSERT INTO activity (occurred_at, subject, source, outcome, detail) VALUES ($at, $subject, $source, $outcome, $detail)");
        command.Parameters.AddWithValue("$at", entry.Time.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$subject", entry.Subject);
        command.Parameters.AddWithValue("$source", entry.Source);
        command.Parameters.AddWithValue("$outcome", entry.Outcome);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public int CountIssuedSince(string? recipient, DateTimeOffset since)
    {
        using SqliteCommand command = Command(recipient is null
            ? "SELECT COUNT(*) FROM otp_issuance WHERE issued_at >= $since"
            : "SELECT COUNT(*) FROM otp_issuance WHERE recipient = $recipient AND issued_at >= $since");
        command.Parameters.AddWithValue("$recipient", (object?)recipient ?? DBNull.Value);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void RecordIssuance(string recipient, DateTimeOffset at)
    {
        using SqliteCommand command = Command("INSERT INTO otp_issuance (recipient, issued_at) VALUES ($recipient, $at)");
        command.Parameters.AddWithValue("$recipient", recipient);
        command.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public int PruneIssuance(DateTimeOffset before)
    {
        using SqliteCommand command = Command("DELETE FROM otp_issuance WHERE issued_at < $before");
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public void InsertChallenge(StoredChallenge challenge)
    {
        if (challenge is null)
        {
            throw new ArgumentNullException(nameof(challenge));
        }

        using SqliteCommand command = Command(
            "INSERT INTO otp_challenge (challenge_id, recipient, purpose, salt, code_hash, created_at, expires_at, max_attempts, failed_attempts, state, key_id) " +
            "VALUES ($id, $recipient, $purpose, $salt, $hash, $created, $expires, $max, $failed, $state, $key)");
        command.Parameters.AddWithValue("$id", challenge.Id);
        command.Parameters.AddWithValue("$recipient", challenge.Recipient);
        command.Parameters.AddWithValue("$purpose", challenge.Purpose);
        command.Parameters.Add("$salt", SqliteType.Blob).Value = challenge.Salt;
        command.Parameters.Add("$hash", SqliteType.Blob).Value = challenge.CodeHash;
        command.Parameters.AddWithValue("$created", challenge.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", challenge.ExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", challenge.MaxAttempts);
        command.Parameters.AddWithValue("$failed", challenge.FailedAttempts);
        command.Parameters.AddWithValue("$state", challenge.State.ToString());
        command.Parameters.AddWithValue("$key", (object?)challenge.KeyId ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public StoredChallenge? GetChallengeForUpdate(string challengeId)
    {
        using SqliteCommand command = Command(
            "SELECT recipient, purpose, salt, code_hash, created_at, expires_at, max_attempts, failed_attempts, state, key_id FROM otp_challenge WHERE challenge_id = $id");
        command.Parameters.AddWithValue("$id", challengeId);
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
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

    public void UpdateChallenge(StoredChallenge challenge)
    {
        if (challenge is null)
        {
            throw new ArgumentNullException(nameof(challenge));
        }

        using SqliteCommand command = Command("UPDATE otp_challenge SET failed_attempts = $failed, state = $state WHERE challenge_id = $id");
        command.Parameters.AddWithValue("$failed", challenge.FailedAttempts);
        command.Parameters.AddWithValue("$state", challenge.State.ToString());
        command.Parameters.AddWithValue("$id", challenge.Id);
        command.ExecuteNonQuery();
    }

    public void DeleteChallenge(string challengeId)
    {
        using SqliteCommand command = Command("DELETE FROM otp_challenge WHERE challenge_id = $id");
        command.Parameters.AddWithValue("$id", challengeId);
        command.ExecuteNonQuery();
    }

    public int ClearChallenges(string? recipient, DateTimeOffset? unusableAt)
    {
        using SqliteCommand command = Command(
            "DELETE FROM otp_challenge WHERE ($recipient IS NULL OR recipient = $recipient) " +
            "AND ($at IS NULL OR expires_at <= $at OR state IN ('Used', 'Burned'))");
        command.Parameters.AddWithValue("$recipient", (object?)recipient ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", unusableAt.HasValue ? unusableAt.Value.ToUnixTimeMilliseconds() : DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
