using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;

namespace SecureMailOps.Benchmarks.Otp;

/// <summary>
/// Stateful verification throughput against the floor of one durable SQLite commit on the same disk.
/// The floor is a loop of single-row commits with the store's settings (WAL, synchronous=FULL,
/// BEGIN IMMEDIATE); the engine runs OtpAuthenticator.VerifyTotp with single use enforced (every call
/// a Valid code for its own account: read, write, activity entry, commit) from 1, 4 and 16 threads on
/// the one store instance the session keeps open.
/// Run: dotnet bench/SecureMailOps.Benchmarks/bin/Release/net10.0/SecureMailOps.Benchmarks.dll otp-store-throughput FOLDER SECONDS
/// </summary>
internal static class StoreThroughputLoop
{
    private static readonly int[] CallerCounts = { 1, 4, 16 };

    public static int Run(string[] args)
    {
        string folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "smo-store-bench-" + Guid.NewGuid().ToString("N"));
        double seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Directory.CreateDirectory(folder);
        try
        {
            // The floor is measured before and after (the machine is shared; the disk's cost moves): the lower one is reported.
            double before = CommitFloor(Path.Combine(folder, "floor-before.db"), seconds);
            (long Count, double Seconds)[] runs = CallerCounts.Select(callers => Verify(Path.Combine(folder, $"engine-{callers}.db"), callers, seconds)).ToArray();
            double after = CommitFloor(Path.Combine(folder, "floor-after.db"), seconds);
            double floorMs = Math.Min(before, after);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "floor commit_ms={0:F3} (before {1:F3}, after {2:F3}) commits_per_s={3:F0}", floorMs, before, after, 1000 / floorMs));
            for (int r = 0; r < runs.Length; r++)
            {
                int callers = CallerCounts[r];
                double perSecond = runs[r].Count / runs[r].Seconds;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "engine callers={0} verifications_per_s={1:F0} ms_per_verification={2:F3} vs_floor={3:F2}", callers, perSecond, 1000 / perSecond, 1000 / perSecond / floorMs));
            }

            return 0;
        }
        finally
        {
            SqliteStateStore.CloseAll();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double CommitFloor(string path, double seconds)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);");
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (v) VALUES ($v)";
        SqliteParameter value = insert.Parameters.Add("$v", SqliteType.Integer);
        long commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            value.Value = commits;
            insert.ExecuteNonQuery();
            transaction.Commit();
            commits++;
        }

        return clock.Elapsed.TotalMilliseconds / commits;
    }

    private static (long Count, double Seconds) Verify(string path, int callers, double seconds)
    {
        SqliteStateStore store = SqliteStateStore.Open(path);
        byte[] key = Base32.Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string code = OtpGenerator.ComputeTotp(key, now).Code;
        var authenticator = new OtpAuthenticator(store, () => now);
        authenticator.VerifyTotp(key, code, accountId: "warm-up");
        long total = 0;
        var clock = Stopwatch.StartNew();
        Task[] workers = Enumerable.Range(0, callers).Select(caller => Task.Factory.StartNew(
            () =>
            {
                for (long i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
                {
                    if (!authenticator.VerifyTotp(key, code, accountId: $"c{caller}-{i}").Valid)
                    {
                        throw new InvalidOperationException("A fresh account refused a valid code.");
                    }

                    Interlocked.Increment(ref total);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(workers);
        return (total, clock.Elapsed.TotalSeconds);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
