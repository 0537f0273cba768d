using System.Collections.Generic;

namespace SecureMailOps.Core.State;

/// <summary>
/// The SQLite schema as an ordered list of migrations. A store is migrated on open to the last
/// version; later features append a migration (never edit a shipped one). The version is kept in
/// SQLite's <c>PRAGMA user_version</c>; a store newer than this list is refused rather than guessed at.
/// Times are Unix milliseconds (UTC) so ordering and arithmetic need no parsing.
/// </summary>
public static class SqliteMigrations
{
    /// <summary>Gets the migrations in order.</summary>
    public static IReadOnlyList<StateMigration> All { get; } =
    [
        new StateMigration(
            1,
            "OTP accounts (used steps, HOTP counters, failures, lock-outs), backup-code hashes, activity log",
            """
            CREATE TABLE otp_account (
                account_id      TEXT    NOT NULL PRIMARY KEY,
                last_totp_step  INTEGER NULL,
                hotp_counter    INTEGER NULL,
                failure_count   INTEGER NOT NULL DEFAULT 0,
                locked_until    INTEGER NULL,
                updated_at      INTEGER NOT NULL
            );
            CREATE TABLE otp_backup_code (
                account_id  TEXT    NOT NULL,
                code_hash   BLOB    NOT NULL,
                created_at  INTEGER NOT NULL,
                used_at     INTEGER NULL,
                PRIMARY KEY (account_id, code_hash)
            );
            CREATE TABLE activity (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                occurred_at INTEGER NOT NULL,
                subject     TEXT    NOT NULL,
                source      TEXT    NOT NULL,
                outcome     TEXT    NOT NULL,
                detail      TEXT    NULL
            );
            CREATE INDEX activity_subject_time ON activity (subject, occurred_at);
            CREATE INDEX activity_time ON activity (occurred_at);
            """),
        new StateMigration(
            2,
            "Emailed one-time code challenges (salted code hashes, expiry, attempts, state)",
            """
            CREATE TABLE otp_challenge (
                challenge_id    TEXT    NOT NULL PRIMARY KEY,
                recipient       TEXT    NOT NULL,
                purpose         TEXT    NOT NULL,
                salt            BLOB    NOT NULL,
                code_hash       BLOB    NOT NULL,
                created_at      INTEGER NOT NULL,
                expires_at      INTEGER NOT NULL,
                max_attempts    INTEGER NOT NULL,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                state           TEXT    NOT NULL
            );
            CREATE INDEX otp_challenge_recipient_time ON otp_challenge (recipient, created_at);
            """),
        new StateMigration(
            3,
            "Issuance log for the challenge limits (kept by housekeeping), challenge key ids, lock-out escalation",
            """
            CREATE TABLE otp_issuance (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                recipient   TEXT    NOT NULL,
                issued_at   INTEGER NOT NULL
            );
            CREATE INDEX otp_issuance_recipient_time ON otp_issuance (recipient, issued_at);
            CREATE INDEX otp_issuance_time ON otp_issuance (issued_at);
            INSERT INTO otp_issuance (recipient, issued_at) SELECT recipient, created_at FROM otp_challenge;
            ALTER TABLE otp_challenge ADD COLUMN key_id TEXT NULL;
            ALTER TABLE otp_account ADD COLUMN lockout_count INTEGER NOT NULL DEFAULT 0;
            """),
    ];

    /// <summary>Gets the schema version a fully migrated store has.</summary>
    public static int LatestVersion => All[All.Count - 1].Version;
}
