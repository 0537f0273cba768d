using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>Deterministic account records shaped as the JSON Lines reader produces them (dates as ISO text), and the shipped baseline.</summary>
internal static class PolicyWorkload
{
    public static readonly DateTimeOffset AsOf = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Methods = { "totp", "push", "sms", "email", "voice", "fido2", "hardware" };
    private static readonly string[] Types = { "user", "user", "user", "user", "shared", "service", "admin" };

    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "SecureMailOps.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Run the benchmarks from inside the repository (the baseline is read from policies/).");
        }
    }

    public static List<SecurityPolicy> Baseline() =>
        PolicyLoader.ExpandPaths(new[] { Path.Combine(RepoRoot, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();

    public static List<InventoryRecord> Accounts(int count)
    {
        var random = new Random(42);
        var records = new List<InventoryRecord>(count);
        for (int i = 0; i < count; i++)
        {
            var methods = new RecordList();
            int n = random.Next(0, 3);
            for (int m = 0; m < n; m++)
            {
                methods.Add(Methods[random.Next(Methods.Length)]);
            }

            var delegates = new RecordList();
            for (int d = random.Next(0, 4); d > 0; d--)
            {
                delegates.Add("delegate" + d.ToString(CultureInfo.InvariantCulture) + "@example.com");
            }

            var fields = new RecordMap
            {
                ["kind"] = "Account",
                ["id"] = "user" + i.ToString(CultureInfo.InvariantCulture) + "@example.com",
                ["type"] = Types[random.Next(Types.Length)],
                ["mfa"] = new RecordMap
                {
                    ["enabled"] = random.Next(10) > 0,
                    ["methods"] = methods,
                    ["backupCodes"] = new RecordMap { ["generated"] = random.Next(5) > 0, ["storedSecurely"] = random.Next(4) > 0 },
                },
                ["password"] = new RecordMap
                {
                    ["lastChanged"] = Day(random, 800),
                    ["length"] = (long)random.Next(6, 24),
                    ["reused"] = random.Next(8) == 0,
                    ["breached"] = random.Next(50) == 0,
                },
                ["sharedCredentials"] = random.Next(20) == 0,
                ["delegates"] = delegates,
                ["monitoring"] = new RecordMap { ["alertsEnabled"] = random.Next(6) > 0, ["lastReviewed"] = Day(random, 200) },
                ["training"] = new RecordMap { ["lastCompleted"] = Day(random, 500), ["incidentReportingKnown"] = random.Next(5) > 0 },
                ["backup"] = new RecordMap { ["lastBackup"] = Day(random, 14) },
            };
            records.Add(new InventoryRecord(TargetKind.Account, (string)fields["id"]!, fields, null));
        }

        return records;
    }

    private static string Day(Random random, int maxDaysAgo) =>
        AsOf.AddDays(-random.Next(maxDaysAgo)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
