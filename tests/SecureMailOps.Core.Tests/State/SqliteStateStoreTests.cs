using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using Xunit;

namespace SecureMailOps.Core.Tests.State;

public class SqliteStateStoreTests
{
    private static readonly string[] SubjectsAandB = { "a", "b" };

    [Fact]
    public void Opening_creates_the_file_migrates_to_the_latest_version_and_uses_wal()
    {
        using var temp = new TestStore();
        string path = System.IO.Path.Combine(temp.Folder, "sub", "dir", "otp.db");
        SqliteStateStore store = SqliteStateStore.Open(path);
        Assert.Equal(SqliteMigrations.LatestVersion, store.GetSchemaVersion());
        Assert.Equal(SqliteMigrations.LatestVersion, SqliteStateStore.Open(path).GetSchemaVersion());
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void A_new_store_and_its_new_folder_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.False(OwnerOnlyPermissions.IsSupported, "on Windows the per-user folder's ACLs apply; nothing is changed");
            return;
        }

        using var temp = new TestStore();
        string folder = System.IO.Path.Combine(temp.Folder, "new-folder");
        string path = System.IO.Path.Combine(folder, "otp.db");
        SqliteStateStore store = SqliteStateStore.Open(path);
        store.Execute(tx =>
        {
            tx.AppendActivity(new ActivityEntry(DateTimeOffset.UtcNow, "a", "Totp", "Valid", null));
            return 0;
        });

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly, System.IO.File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, System.IO.File.GetUnixFileMode(folder));
        foreach (string journal in System.IO.Directory.GetFiles(folder, "otp.db-*"))
        {
            Assert.Equal(OwnerOnly, System.IO.File.GetUnixFileMode(journal));
        }

        // An existing file keeps the mode its owner gave it (a store a group shares, for example).
        string shared = System.IO.Path.Combine(temp.Folder, "shared.db");
        System.IO.File.WriteAllBytes(shared, Array.Empty<byte>());
        System.IO.File.SetUnixFileMode(shared, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        SqliteStateStore.Open(shared);
        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, System.IO.File.GetUnixFileMode(shared));
    }

    [Fact]
    public void Deleting_old_activity_keeps_newer_entries_and_other_subjects()
    {
        using var temp = new TestStore();
        SqliteStateStore store = SqliteStateStore.Open(temp.DatabasePath);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        store.Execute(tx =>
        {
            tx.AppendActivity(new ActivityEntry(t0, "a", "Totp", "Invalid", null));
            tx.AppendActivity(new ActivityEntry(t0.AddDays(1), "a", "Totp", "Valid", null));
            tx.AppendActivity(new ActivityEntry(t0, "b", "Totp", "Invalid", null));
            return 0;
        });

        Assert.Equal(0, store.DeleteActivity(t0, null)); // strictly before
        Assert.Equal(1, store.DeleteActivity(t0.AddHours(1), "a"));
        Assert.Equal(SubjectsAandB, store.GetActivity(null, null, 10).Select(e => e.Subject).OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(2, store.DeleteActivity(t0.AddDays(2), null));
        Assert.Empty(store.GetActivity(null, null, 10));
    }

    [Fact]
    public void Migrations_are_numbered_one_up_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, SqliteMigrations.All.Count), SqliteMigrations.All.Select(m => m.Version));
    }

    [Fact]
    public void A_store_from_a_newer_module_is_refused()
    {
        using var temp = new TestStore();
        SqliteStateStore.Open(temp.DatabasePath);
        using (var connection = new SqliteConnection($"Data Source={temp.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteMigrations.LatestVersion + 1}";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<SecureMailOpsException>(() => SqliteStateStore.Open(temp.DatabasePath));
        Assert.Equal("StateStoreTooNew", ex.ErrorId);
    }

    [Fact]
    public void A_failing_transaction_leaves_nothing_behind()
    {
        using var temp = new TestStore();
        SqliteStateStore store = SqliteStateStore.Open(temp.DatabasePath);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Throws<InvalidOperationException>(() => store.Execute<int>(tx =>
        {
            tx.SaveAccount(new OtpAccountState("alice") { LastTotpStep = 42, FailureCount = 3 }, now);
            tx.AppendActivity(new ActivityEntry(now, "alice", "Totp", "Valid", null));
            throw new InvalidOperationException("interrupted half-way");
        }));
        Assert.Null(store.Execute(tx => tx.GetAccountForUpdate("alice")));
        Assert.Empty(store.GetActivity("alice", null, 10));
    }

    [Fact]
    public void Accounts_backup_codes_and_activity_round_trip()
    {
        using var temp = new TestStore();
        SqliteStateStore store = SqliteStateStore.Open(temp.DatabasePath);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        store.Execute(tx =>
        {
            tx.SaveAccount(new OtpAccountState("alice") { LastTotpStep = 7, HotpCounter = 9, FailureCount = 2, LockedUntil = now.AddMinutes(5) }, now);
            tx.ReplaceBackupCodes("alice", new[] { new byte[] { 1 }, new byte[] { 2 } }, now);
            tx.AppendActivity(new ActivityEntry(now, "alice", "Totp", "Invalid", "failures=2"));
            tx.AppendActivity(new ActivityEntry(now.AddSeconds(1), "bob", "Totp", "Valid", null));
            return 0;
        });
        OtpAccountState state = store.Execute(tx => tx.GetAccountForUpdate("alice"))!;
        Assert.Equal(7, state.LastTotpStep);
        Assert.Equal(9, state.HotpCounter);
        Assert.Equal(2, state.FailureCount);
        Assert.Equal(now.AddMinutes(5), state.LockedUntil);
        Assert.Equal(BackupCodeConsumption.Consumed, store.Execute(tx => tx.ConsumeBackupCode("alice", new byte[] { 1 }, now)));
        Assert.Equal(BackupCodeConsumption.AlreadyUsed, store.Execute(tx => tx.ConsumeBackupCode("alice", new byte[] { 1 }, now)));
        Assert.Equal(BackupCodeConsumption.Unknown, store.Execute(tx => tx.ConsumeBackupCode("bob", new byte[] { 2 }, now)));
        Assert.Equal(1, store.Execute(tx => tx.CountBackupCodes("alice")));
        ActivityEntry entry = Assert.Single(store.GetActivity("alice", null, 10));
        Assert.Equal(("Totp", "Invalid", "failures=2", now), (entry.Source, entry.Outcome, entry.Detail, entry.Time));
        string[] newestFirst = ["bob", "alice"];
        Assert.Equal(newestFirst, store.GetActivity(null, null, 10).Select(e => e.Subject));
        Assert.Equal(newestFirst.Take(1), store.GetActivity(null, now.AddMilliseconds(1), 10).Select(e => e.Subject));
    }

    [Fact]
    public void Location_resolves_explicit_then_environment_then_default()
    {
        using var temp = new TestStore();
        Assert.Equal(temp.DatabasePath, StateStoreLocation.Resolve(temp.Folder));
        string explicitFile = System.IO.Path.Combine(temp.Folder, "x.db");
        Assert.Equal(explicitFile, StateStoreLocation.Resolve(explicitFile));
        string? saved = Environment.GetEnvironmentVariable(StateStoreLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(StateStoreLocation.EnvironmentVariable, explicitFile);
            Assert.Equal(explicitFile, StateStoreLocation.Resolve(null));
            Environment.SetEnvironmentVariable(StateStoreLocation.EnvironmentVariable, null);
            Assert.EndsWith(System.IO.Path.Combine("SecureMailOps", "state.db"), StateStoreLocation.Resolve(null), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StateStoreLocation.EnvironmentVariable, saved);
        }
    }
}
