using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>
/// Issue 16's (a) at engine level, without PowerShell: reading the same records from a JSON file (a top-level
/// array or a Graph page) and from JSON Lines, with the field selection of the policy the records are
/// evaluated against (as Invoke-SecurityPolicy -Path reads them), in one warm process. The files are read in
/// turn, round after round, so load from elsewhere falls on each alike; per file, the median and the best of
/// the rounds' wall time and process CPU time. A fresh pwsh adds the JIT's tiers and the pipeline on top, the
/// same for both formats; this isolates what the formats themselves cost.
/// Run: dotnet bench/SecureMailOps.Benchmarks/bin/Release/net10.0/SecureMailOps.Benchmarks.dll json-file-profile POLICY.yaml ROUNDS FILE [FILE ...]
/// (files from bench/SourceInventories.ps1's generator; the ratios a script wants are of pairs of them).
/// </summary>
internal static class JsonFileReadProfile
{
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: json-file-profile POLICY.yaml ROUNDS FILE [FILE ...]");
            return 2;
        }

        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadFile(args[1]).ToList(), null, null, PolicyWorkload.AsOf);
        int rounds = int.Parse(args[2], CultureInfo.InvariantCulture);
        string[] files = args.Skip(3).ToArray();
        var wall = files.ToDictionary(f => f, _ => new List<double>());
        var cpu = files.ToDictionary(f => f, _ => new List<double>());
        var records = new Dictionary<string, int>();

        // Round 0 warms the JIT for every reader and is not counted.
        for (int round = 0; round <= rounds; round++)
        {
            foreach (string file in files)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                records[file] = SourceMappingProfile.ReadOnly(file, evaluator);
                clock.Stop();
                if (round > 0)
                {
                    wall[file].Add(clock.Elapsed.TotalSeconds);
                    cpu[file].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
                }
            }
        }

        foreach (string file in files)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0} records={1} wall median {2:F3} s best {3:F3} s; cpu median {4:F3} s best {5:F3} s",
                Path.GetFileName(file),
                records[file],
                Median(wall[file]),
                wall[file].Min(),
                Median(cpu[file]),
                cpu[file].Min()));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
