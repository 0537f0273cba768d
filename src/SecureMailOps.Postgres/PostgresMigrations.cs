using System.Collections.Generic;
using SecureMailOps.Core.State;

namespace SecureMailOps.Postgres;

/// <summary>
/// The PostgreSQL schema, version for version the same meaning as <see cref="SqliteMigrations"/>
/// (same tables, columns and units: times are Unix milliseconds UTC). The version lives in
/// <c>securemailops_schema</c>; migrations run once, under an advisory lock, when a store is opened.
/// </summary>
public static class PostgresMigrations
{
    /// <summary>Gets the migrations in order.</summary>
    public static IReadOnlyList<StateMigration> All { get; } =
    [
        new StateMigration(
            1,
            "OTP accounts, backup-code hashes, activity log",
            """
            CREATE TABLE otp_account (
                account_id      text    NOT NULL PRIMARY KEY,
                last_totp_step  bigint  NULL,
                hotp_counter    bigint  NULL,
                failure_count   integer NOT NULL DEFAULT 0,
                locked_until    bigint  NULL,
                updated_at      bigint  NOT NULL
            );
            CREATE TABLE otp_backup_code (
                account_id  text    NOT NULL,
                code_hash   bytea   NOT NULL,
                created_at  bigint  NOT NULL,
                used_at     bigint  NULL,
                PRIMARY KEY (account_id, code_hash)
            );
            CREATE TABLE activity (
                id          bigserial PRIMARY KEY,
                occurred_at bigint  NOT NULL,
                subject     text    NOT NULL,
                source      text    NOT NULL,
                outcome     text    NOT NULL,
                detail      text    NULL
            );
            CREATE INDEX activity_subject_time ON activity (subject, occurred_at);
            CREATE INDEX activity_time ON activity (occurred_at);
            """),
        new StateMigration(
            2,
            "Emailed one-time code challenges",
            """
            CREATE TABLE otp_challenge (
                challenge_id    text    NOT NULL PRIMARY KEY,
                recipient       text    NOT NULL,
                purpose         text    NOT NULL,
                salt            bytea   NOT NULL,
                code_hash       bytea   NOT NULL,
                created_at      bigint  NOT NULL,
                expires_at      bigint  NOT NULL,
                max_attempts    integer NOT NULL,
                failed_attempts integer NOT NULL DEFAULT 0,
                state           text    NOT NULL
            );
            CREATE INDEX otp_challenge_recipient_time ON otp_challenge (recipient, created_at);
            """),
        new StateMigration(
            3,
            "Issuance log for the challenge limits, challenge key ids, lock-out escalation",
            """
            CREATE TABLE otp_issuance (
                id          bigserial PRIMARY KEY,
                recipient   text    NOT NULL,
                issued_at   bigint  NOT NULL
            );
            CREATE INDEX otp_issuance_recipient_time ON otp_issuance (recipient, issued_at);
            CREATE INDEX otp_issuance_time ON otp_issuance (issued_at);
            INSERT INTO otp_issuance (recipient, issued_at) SELECT recipient, created_at FROM otp_challenge;
            ALTER TABLE otp_challenge ADD COLUMN key_id text NULL;
            ALTER TABLE otp_account ADD COLUMN lockout_count integer NOT NULL DEFAULT 0;
            """),
    ];

    /// <summary>Gets the schema version a fully migrated store has.</summary>
    public static int LatestVersion => All[All.Count - 1].Version;
}
