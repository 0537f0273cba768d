using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;

namespace SecureMailOps.Postgres;

/// <summary>
/// The shared store for many workers: PostgreSQL over Npgsql, with the same contract as the SQLite
/// store. Single use is decided by the database: every account, challenge or backup code is read
/// with a row lock (<c>SELECT ... FOR UPDATE</c>, the account row created first so that a new
/// account is locked too), issuance limits are counted under transaction-scoped advisory locks, and
/// a transaction that lost a serialization or deadlock race is retried from the start (a bounded
/// number of times; it had rolled back, so nothing can be accepted twice). A broken connection (reset,
/// restart, failover) is retried the same bounded way, with the pool cleared, but only while COMMIT
/// was not sent; after that, and when the server stays away, it surfaces as
/// <see cref="StateStoreErrorIds.Unavailable"/>. Lost races past the bound are
/// <see cref="StateStoreErrorIds.Busy"/>; any other error the server raises for a statement (a
/// constraint, a privilege, a trigger) is not retried and is <see cref="StateStoreErrorIds.Failed"/>.
/// Connections are pooled by Npgsql. The password never appears in <see cref="Location"/> or an error.
/// </summary>
public sealed class PostgresStateStore : IStateStore, IDisposable
{
    /// <summary>The most times one operation is attempted (the first try and its retries).</summary>
    public const int MaxAttempts = 3;
    private const int RetryDelayMilliseconds = 100;

    // pg_advisory_xact_lock(key1, key2) namespaces: one for migrations, one for issuance counting.
    private const int MigrationLockKey = 0x534D4F01;
    private const int IssuanceLockKey = 0x534D4F02;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresStateStore(NpgsqlDataSource dataSource, string location)
    {
        _dataSource = dataSource;
        Location = location;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// Opens the store at a connection string or <c>postgresql://</c> URI, migrating it on first use
    /// (many workers opening at once migrate once); a newer schema is refused without writing.
    /// </summary>
    /// <param name="connection">A connection string (<c>Host=...;Database=...</c>) or a <c>postgresql://</c> URI.</param>
    /// <param name="password">The password, when it is not in <paramref name="connection"/> (for example from a PSCredential).</param>
    /// <returns>The store.</returns>
    public static PostgresStateStore Open(string connection, string? password = null)
    {
        NpgsqlConnectionStringBuilder builder = PostgresConnectionString.Parse(connection);
        if (password is not null)
        {
            builder.Password = password;
        }

        builder.ApplicationName ??= "SecureMailOps";
        string location = PostgresConnectionString.Describe(builder);
        var store = new PostgresStateStore(NpgsqlDataSource.Create(builder), location);
        try
        {
            store.Migrate();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Gets the schema version of the database (for tests and diagnostics).</summary>
    /// <returns>The version, 0 for an empty database.</returns>
    public int GetSchemaVersion() => Run(connection => ReadVersion(connection, null));

    /// <inheritdoc />
    public T Execute<T>(Func<IStateTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);

        for (int attempt = 1; ; attempt++)
        {
            bool commitSent = false;
            try
            {
                using NpgsqlConnection connection = _dataSource.OpenConnection();
                using NpgsqlTransaction transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
                ThrowIfTooNew(ReadVersion(connection, transaction));
                T result = work(new PostgresStateTransaction(connection, transaction, IssuanceLockKey));
                commitSent = true;
                transaction.Commit();
                return result;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && !commitSent && IsLostRace(ex))
            {
                // Rolled back as a whole: running the work again cannot accept anything twice.
            }
            catch (Exception ex) when (attempt < MaxAttempts && !commitSent && IsTransientConnectionFailure(ex))
            {
                // COMMIT was not sent, so the server rolled the transaction back when the connection
                // broke: running the work again cannot accept anything twice.
                PrepareRetry(attempt);
            }
            catch (PostgresException ex) when (!commitSent && IsLostRace(ex))
            {
                throw new SecureMailOpsException(
                    StateStoreErrorIds.Busy,
                    FailureKind.ResourceBusy,
                    $"The state store {Location} lost {MaxAttempts} attempts in a row to concurrent transactions ({ex.SqlState}); nothing was recorded. Try again.",
                    Location,
                    ex);
            }
            catch (PostgresException ex) when (!commitSent && !ex.IsTransient)
            {
                // The server refused the login or a statement (a constraint, a privilege, a trigger): the same would
                // be refused again, so it is not retried; any transaction was rolled back.
                throw Refused(ex, FailureKind.WriteError);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                throw Unavailable(ex, commitSent);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ActivityEntry> GetActivity(string? subject, DateTimeOffset? since, int maximum) => Run<IReadOnlyList<ActivityEntry>>(connection =>
    {
        using var command = new NpgsqlCommand(
            "SELECT " + StateRows.ActivityColumns + " FROM activity " +
            "WHERE ($1::text IS NULL OR subject = $1) AND ($2::bigint IS NULL OR occurred_at >= $2) " +
            "ORDER BY occurred_at DESC, id DESC LIMIT $3",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)subject ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = since.HasValue ? since.Value.ToUnixTimeMilliseconds() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, maximum) });
        var entries = new List<ActivityEntry>();
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(StateRows.ReadActivity(reader));
        }

        return entries;
    });

    /// <inheritdoc />
    public int DeleteActivity(DateTimeOffset before, string? subject) =>
        Execute(transaction => transaction.DeleteActivity(before, subject));

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        // A scan of pg_class under the statement's snapshot, not to_regclass: the catalog cache of a
        // backend that waited on the migration lock may still say "no such table" after another
        // worker created it (advisory locks do not process catalog invalidations).
        using var exists = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relname = 'securemailops_schema' AND n.nspname = current_schema())",
            connection,
            transaction);
        if (!(bool)exists.ExecuteScalar()!)
        {
            return 0;
        }

        using var version = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM securemailops_schema", connection, transaction);
        return Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void NonQuery(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    // A transaction that lost a serialization or deadlock race (rolled back by the server).
    private static bool IsLostRace(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    // A connection that broke (reset, the server restarted or failed over: 57P01 and the like, which
    // Npgsql marks transient) or could not be opened in time. Not a statement the server refused.
    private static bool IsTransientConnectionFailure(Exception ex) =>
        ex is SocketException or TimeoutException || (ex is NpgsqlException { IsTransient: true } && !(ex is PostgresException postgres && IsLostRace(postgres)));

    // Reads, and the migration (refusedKind WriteError): a statement or login the server refuses is not an outage.
    private T Run<T>(Func<NpgsqlConnection, T> work, FailureKind refusedKind = FailureKind.ReadError)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using NpgsqlConnection connection = _dataSource.OpenConnection();
                return work(connection);
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsTransientConnectionFailure(ex))
            {
                // Reads, and the migration (one transaction under its lock): safe to run again.
                PrepareRetry(attempt);
            }
            catch (PostgresException ex) when (!ex.IsTransient)
            {
                throw Refused(ex, refusedKind);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                throw Unavailable(ex, false);
            }
        }
    }

    // The pool may hold more connections to the server that went away: drop them, so the next
    // attempt opens a fresh one instead of failing on the next stale one; then wait a little.
    private void PrepareRetry(int attempt)
    {
        _dataSource.Clear();
        System.Threading.Thread.Sleep(RetryDelayMilliseconds * attempt);
    }

    // The version is read before anything is written; then, under a transaction-scoped advisory lock,
    // read again and migrated: of many workers opening an empty database at once, one migrates and
    // the others find it done.
    private void Migrate()
    {
        Run(connection =>
        {
            int version = ReadVersion(connection, null);
            ThrowIfTooNew(version);
            if (version == PostgresMigrations.LatestVersion)
            {
                return 0;
            }

            using NpgsqlTransaction transaction = connection.BeginTransaction();
            using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey}, 0)", connection, transaction))
            {
                lockCommand.ExecuteNonQuery();
            }

            version = ReadVersion(connection, transaction);
            ThrowIfTooNew(version);
            if (version == 0)
            {
                NonQuery(connection, transaction, "CREATE TABLE IF NOT EXISTS securemailops_schema (version integer NOT NULL)");
            }

            foreach (StateMigration migration in PostgresMigrations.All)
            {
                if (migration.Version > version)
                {
                    NonQuery(connection, transaction, migration.Sql);
                    NonQuery(connection, transaction, "DELETE FROM securemailops_schema; INSERT INTO securemailops_schema (version) VALUES (" + migration.Version.ToString(CultureInfo.InvariantCulture) + ")");
                }
            }

            transaction.Commit();
            return 0;
        }, FailureKind.WriteError);
    }

    private void ThrowIfTooNew(int version)
    {
        if (version > PostgresMigrations.LatestVersion)
        {
            throw new SecureMailOpsException(
                StateStoreErrorIds.TooNew,
                FailureKind.InvalidData,
                $"The state store {Location} has schema version {version}; this module knows up to {PostgresMigrations.LatestVersion}. Update the module. Nothing was written.",
                Location);
        }
    }

    // What the server refused, rather than could not do: the same login or statement would be refused again, so
    // it is neither retried nor reported as an outage. A login refused (SQLSTATE class 28: a wrong password, a role
    // pg_hba.conf does not let in) has its own id, so a worker with the wrong credential is told to fix it.
    private SecureMailOpsException Refused(PostgresException ex, FailureKind kind) =>
        ex.SqlState.StartsWith("28", StringComparison.Ordinal)
            ? new SecureMailOpsException(
                StateStoreErrorIds.AccessDenied,
                FailureKind.AuthenticationError,
                $"The state store {Location} refused the login ({ex.SqlState}: {ex.MessageText}); check the user name and the password (-StoreCredential, or the connection string); nothing was sent.",
                Location,
                ex)
            : new SecureMailOpsException(
                StateStoreErrorIds.Failed,
                kind,
                $"The state store {Location} refused the operation ({ex.SqlState}: {ex.MessageText}); nothing was recorded.",
                Location,
                ex);

    // A refused certificate is not an outage: its own id and category, so a worker set up with the
    // wrong host name or root certificate is told so instead of being retried as if the server were down.
    private SecureMailOpsException Unavailable(Exception ex, bool commitSent)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return new SecureMailOpsException(
                    StateStoreErrorIds.TlsFailed,
                    FailureKind.SecurityError,
                    $"The state store {Location} presented a TLS certificate that was refused (check the host name against the certificate and the root certificate, sslrootcert / Root Certificate); nothing was sent: {inner.Message}",
                    Location,
                    ex);
            }
        }

        return UnavailableCore(ex, commitSent);
    }

    private SecureMailOpsException UnavailableCore(Exception ex, bool commitSent) => new(
        StateStoreErrorIds.Unavailable,
        FailureKind.ConnectionError,
        commitSent
            ? $"The state store {Location} became unavailable while committing; the outcome of this call is unknown (a code it checked may count as used): {ex.Message}"
            : $"The state store {Location} is unavailable; nothing was recorded: {ex.Message}",
        Location,
        ex);
}
