using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.State;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Each <see cref="Execute{T}"/> opens a
/// connection and runs in a <c>BEGIN IMMEDIATE</c> transaction, so concurrent verifiers (threads,
/// runspaces or processes) queue on the write lock (busy timeout) instead of reading stale state:
/// of many simultaneous uses of one code exactly one sees it unused. <c>synchronous=FULL</c> makes
/// a committed verification survive a crash; an interrupted one leaves nothing behind.
/// </summary>
public sealed class SqliteStateStore : IStateStore
{
    private const int BusyTimeoutMilliseconds = 30000;
    private readonly string _connectionString;

    private SqliteStateStore(string path)
    {
        Location = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // No pool: each call owns its connection, and nothing keeps the file open between cmdlets.
            Pooling = false,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Opens (creating when missing) and migrates the store at a path.</summary>
    /// <param name="path">The database file.</param>
    /// <returns>The store.</returns>
    public static SqliteStateStore Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A store path is required.", nameof(path));
        }

        string full = Path.GetFullPath(path);
        try
        {
            string? folder = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                OwnerOnlyPermissions.ApplyToFolder(folder);
            }

            CreateOwnerOnlyFile(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecureMailOpsException(StateStoreErrorIds.OpenFailed, FailureKind.WriteError, $"The state store '{full}' or its folder could not be created: {ex.Message}", full, ex);
        }

        var store = new SqliteStateStore(full);
        store.Migrate();
        return store;
    }

    // A new store file is created empty and restricted to its owner before SQLite opens it (SQLite
    // takes an empty file as a new database, and gives its -wal and -shm files the same mode). An
    // existing file keeps the permissions its owner chose (a store shared by a group, for example).
    private static void CreateOwnerOnlyFile(string full)
    {
        if (!OwnerOnlyPermissions.IsSupported || File.Exists(full))
        {
            return;
        }

        try
        {
            using (new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            {
            }
        }
        catch (IOException) when (File.Exists(full))
        {
            return; // Another process created it at the same moment; it restricts it.
        }

        OwnerOnlyPermissions.ApplyToFile(full);
    }

    /// <summary>Gets the schema version of the file (for tests and diagnostics).</summary>
    /// <returns>The version.</returns>
    public int GetSchemaVersion()
    {
        using SqliteConnection connection = Connect();
        return ReadUserVersion(connection, null);
    }

    /// <inheritdoc />
    public T Execute<T>(Func<IStateTransaction, T> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        try
        {
            using SqliteConnection connection = Connect();

            // BeginTransaction() without 'deferred' is BEGIN IMMEDIATE: the write lock is taken
            // before the first read, so no two verifiers can both read "unused".
            using SqliteTransaction transaction = connection.BeginTransaction();
            T result = work(new SqliteStateTransaction(connection, transaction));
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex)
        {
            throw StoreError(ex);
        }
    }

    /// <inheritdoc />
    public int DeleteActivity(DateTimeOffset before, string? subject) =>
        Execute(transaction => transaction.DeleteActivity(before, subject));

    /// <inheritdoc />
    public IReadOnlyList<ActivityEntry> GetActivity(string? subject, DateTimeOffset? since, int maximum)
    {
        try
        {
            using SqliteConnection connection = Connect();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText =
                "SELECT occurred_at, subject, source, outcome, detail FROM activity " +
                "WHERE ($subject IS NULL OR subject = $subject) AND ($since IS NULL OR occurred_at >= $since) " +
                "ORDER BY occurred_at DESC, id DESC LIMIT $max";
            command.Parameters.AddWithValue("$subject", (object?)subject ?? DBNull.Value);
            command.Parameters.AddWithValue("$since", since.HasValue ? since.Value.ToUnixTimeMilliseconds() : DBNull.Value);
            command.Parameters.AddWithValue("$max", Math.Max(0, maximum));
            var entries = new List<ActivityEntry>();
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                entries.Add(new ActivityEntry(
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            return entries;
        }
        catch (SqliteException ex)
        {
            throw StoreError(ex);
        }
    }

    private static int ReadUserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SecureMailOpsException StoreError(SqliteException ex) =>
        new(StateStoreErrorIds.Failed, FailureKind.WriteError, $"The state store '{Location}' failed: {ex.Message}", Location, ex);

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Run(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Migrate()
    {
        try
        {
            using SqliteConnection connection = Connect();
            if (ReadUserVersion(connection, null) == SqliteMigrations.LatestVersion)
            {
                return;
            }

            // WAL lets readers run beside the one writer; it is a property of the file and must be set outside a transaction.
            using (SqliteCommand mode = connection.CreateCommand())
            {
                mode.CommandText = "PRAGMA journal_mode = WAL";
                mode.ExecuteScalar();
            }

            using SqliteTransaction transaction = connection.BeginTransaction();
            int version = ReadUserVersion(connection, transaction);
            if (version > SqliteMigrations.LatestVersion)
            {
                throw new SecureMailOpsException(
                    StateStoreErrorIds.TooNew,
                    FailureKind.InvalidData,
                    $"The state store '{Location}' has schema version {version}; this module knows up to {SqliteMigrations.LatestVersion}. Update the module.",
                    Location);
            }

            foreach (StateMigration migration in SqliteMigrations.All)
            {
                if (migration.Version > version)
                {
                    Run(connection, transaction, migration.Sql);
                    Run(connection, transaction, "PRAGMA user_version = " + migration.Version.ToString(CultureInfo.InvariantCulture));
                }
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new SecureMailOpsException(StateStoreErrorIds.OpenFailed, FailureKind.ReadError, $"The state store '{Location}' could not be opened: {ex.Message}", Location, ex);
        }
    }
}
