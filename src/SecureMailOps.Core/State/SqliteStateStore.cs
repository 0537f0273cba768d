using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.State;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, kept open for the session. <see cref="Open"/>
/// returns the one instance per path (opened and migrated once), which holds one connection; calls
/// from many threads or runspaces queue on that instance's lock, and calls from other processes
/// queue on SQLite's write lock (<c>BEGIN IMMEDIATE</c>, busy timeout), so of many simultaneous
/// uses of one code exactly one sees it unused. <c>synchronous=FULL</c> makes every committed
/// verification survive a crash (a used code stays used); an interrupted one leaves nothing behind.
/// <see cref="CloseAll"/> (module removal) closes every open store.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    private const int BusyTimeoutMilliseconds = 30000;
    private static readonly ConcurrentDictionary<string, SqliteStateStore> OpenStores = new(PathComparer);
    private readonly string _connectionString;
    private readonly object _gate = new();
    private SqliteConnection? _connection;

    private SqliteStateStore(string path)
    {
        Location = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,

            // The store holds its own connection for the session; no pool behind it.
            Pooling = false,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    /// <inheritdoc />
    public string Location { get; }

    private static StringComparer PathComparer =>
        System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows) ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Returns the session's store for a path, opening (creating when missing) and migrating it on
    /// first use; later calls for the same path reuse the open store.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <returns>The store.</returns>
    public static SqliteStateStore Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A store path is required.", nameof(path));
        }

        string full = Path.GetFullPath(path);
        if (OpenStores.TryGetValue(full, out SqliteStateStore? existing))
        {
            // Another process may have migrated the file to a newer schema since this session opened it.
            existing.Locked(connection => existing.CheckVersion(connection, null));
            return existing;
        }

        lock (OpenStores)
        {
            if (OpenStores.TryGetValue(full, out existing))
            {
                return existing;
            }

            var store = new SqliteStateStore(full);
            lock (store._gate)
            {
                store.EnsureOpen();
            }

            OpenStores[full] = store;
            return store;
        }
    }

    /// <summary>Closes every store this session opened (the module calls it when it is removed).</summary>
    public static void CloseAll()
    {
        lock (OpenStores)
        {
            foreach (SqliteStateStore store in OpenStores.Values)
            {
                store.Dispose();
            }

            OpenStores.Clear();
        }
    }

    /// <summary>
    /// Closes the store's connection and forgets it for the session; a later <see cref="Open"/> for the
    /// path opens it again, and a later call on this instance reopens its own connection.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }

        ((ICollection<KeyValuePair<string, SqliteStateStore>>)OpenStores).Remove(new KeyValuePair<string, SqliteStateStore>(Location, this));
    }

    private static void PrepareFile(string full)
    {
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
    public int GetSchemaVersion() => Locked(connection => ReadUserVersion(connection, null));

    /// <inheritdoc />
    public T Execute<T>(Func<IStateTransaction, T> work)
    {
        if (work is null)
        {
            throw new ArgumentNullException(nameof(work));
        }

        return Locked(connection =>
        {
            // BeginTransaction() without 'deferred' is BEGIN IMMEDIATE: the write lock is taken
            // before the first read, so no two verifiers can both read "unused".
            using SqliteTransaction transaction = connection.BeginTransaction();

            // Under the write lock, so a newer module cannot migrate between this check and the work.
            CheckVersion(connection, transaction);
            T result = work(new SqliteStateTransaction(connection, transaction));
            transaction.Commit();
            return result;
        });
    }

    /// <inheritdoc />
    public int DeleteActivity(DateTimeOffset before, string? subject) =>
        Execute(transaction => transaction.DeleteActivity(before, subject));

    /// <inheritdoc />
    public IReadOnlyList<ActivityEntry> GetActivity(string? subject, DateTimeOffset? since, int maximum) =>
        Locked<IReadOnlyList<ActivityEntry>>(connection =>
        {
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
        });

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

    // Runs one call on the store's connection under its lock. A failed call drops the connection
    // (the next call opens it again), so a broken handle never outlives the error it caused.
    private T Locked<T>(Func<SqliteConnection, T> work)
    {
        lock (_gate)
        {
            SqliteConnection connection = EnsureOpen();
            try
            {
                return work(connection);
            }
            catch (SqliteException ex)
            {
                DropConnection();
                throw StoreError(ex);
            }
        }
    }

    // Opens and migrates on first use, and again when the file was deleted or moved while the
    // session held it (a kept-open handle would otherwise write into a file nobody can see).
    private SqliteConnection EnsureOpen()
    {
        if (_connection is not null && File.Exists(Location))
        {
            return _connection;
        }

        DropConnection();
        PrepareFile(Location);
        SqliteConnection connection = Connect();
        try
        {
            Migrate(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private void DropConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Run(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new SecureMailOpsException(StateStoreErrorIds.OpenFailed, FailureKind.ReadError, $"The state store '{Location}' could not be opened: {ex.Message}", Location, ex);
        }
    }

    // The version is read before anything is written: a store from a newer module is refused
    // untouched (not even switched to WAL), so that module still finds it as it left it.
    private void Migrate(SqliteConnection connection)
    {
        try
        {
            int version = ReadUserVersion(connection, null);
            ThrowIfTooNew(version);
            if (version == SqliteMigrations.LatestVersion)
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

            // Read again under the write lock: another process may have migrated in between.
            version = ReadUserVersion(connection, transaction);
            ThrowIfTooNew(version);
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

    private int CheckVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        int version = ReadUserVersion(connection, transaction);
        ThrowIfTooNew(version);
        return version;
    }

    private void ThrowIfTooNew(int version)
    {
        if (version > SqliteMigrations.LatestVersion)
        {
            throw new SecureMailOpsException(
                StateStoreErrorIds.TooNew,
                FailureKind.InvalidData,
                $"The state store '{Location}' has schema version {version}; this module knows up to {SqliteMigrations.LatestVersion}. Update the module. Nothing was written.",
                Location);
        }
    }
}
