using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>
/// Issue 16's (b) at engine level, without PowerShell: the same accounts as EntraRegistration records (Graph
/// JSON Lines) and in the native contract, read with the baseline's field selection (as Invoke-SecurityPolicy
/// -Path does), then read and evaluated with -Outcome Error (every rule evaluated, nothing kept). Per phase:
/// the best of several rounds of process CPU time and the bytes this thread allocated per record
/// (GC.GetAllocatedBytesForCurrentThread), so the mapping's share and its allocations can be told apart from
/// reading's and evaluation's.
/// Run: dotnet bench/SecureMailOps.Benchmarks/bin/Release/net10.0/SecureMailOps.Benchmarks.dll source-mapping-profile GRAPH.jsonl NATIVE.jsonl [ROUNDS]
/// (files from tests/tools/New-SourceDataSet.ps1 -Source EntraRegistration); with --cold FILE, one read and
/// evaluation of FILE in the fresh process, as a fresh pwsh runs it (JIT tiers included).
/// </summary>
internal static class SourceMappingProfile
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: source-mapping-profile GRAPH.jsonl NATIVE.jsonl [ROUNDS]");
            return 2;
        }

        if (args[1] == "--cold")
        {
            // One read and evaluation in this fresh process (JIT tiers included, as in a fresh pwsh): wall seconds.
            PolicyEvaluator cold = PolicyEvaluator.Compile(PolicyWorkload.Baseline(), null, null, PolicyWorkload.AsOf);
            var wanted = new bool[Enum.GetValues<FindingOutcome>().Length];
            wanted[(int)FindingOutcome.Error] = true;
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            int count = ReadAndEvaluate(args[2], cold, new List<PolicyFinding>(64), wanted);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "cold {0} records={1} {2:F3} s wall, {3:F3} s process cpu (JIT and GC threads included)",
                Path.GetFileName(args[2]),
                count,
                clock.Elapsed.TotalSeconds,
                (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds));
            return 0;
        }

        string graph = args[1];
        string native = args[2];
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyWorkload.Baseline(), null, null, PolicyWorkload.AsOf);
        var errorsOnly = new bool[Enum.GetValues<FindingOutcome>().Length];
        errorsOnly[(int)FindingOutcome.Error] = true;
        var findings = new List<PolicyFinding>(64);

        var results = new List<string>();
        foreach ((string label, string file) in new[] { ("graph", graph), ("native", native) })
        {
            (double parseCpu, long parseBytes, _) = Best(rounds, () => ParseOnly(file, evaluator));
            (double readCpu, long readBytes, int records) = Best(rounds, () => ReadOnly(file, evaluator));
            (double evalCpu, long evalBytes, _) = Best(rounds, () => ReadAndEvaluate(file, evaluator, findings, errorsOnly));
            results.Add(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-7} records={1} parse: {6:F3} s cpu, {7:N0} B/record   parse+map (read): {2:F3} s cpu, {3:N0} B/record   read+evaluate (-Outcome Error): {4:F3} s cpu, {5:N0} B/record",
                label,
                records,
                readCpu,
                readBytes / (double)records,
                evalCpu,
                evalBytes / (double)records,
                parseCpu,
                parseBytes / (double)records));
        }

        foreach (string line in results)
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static (double Cpu, long Bytes, int Records) Best(int rounds, Func<int> work)
    {
        double best = double.MaxValue;
        long bytes = 0;
        int records = 0;
        for (int i = 0; i < rounds; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            records = work();
            long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
            double seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (seconds < best)
            {
                best = seconds;
                bytes = used;
            }
        }

        return (best, bytes, records);
    }

    private static int ParseOnly(string file, PolicyEvaluator evaluator)
    {
        // The JSON Lines reader alone, with the same field selection, and no recognition or mapping.
        int count = 0;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var lines = new JsonLineReader(stream, file, FieldSelection.For(evaluator.FieldsRead, null));
        while (lines.TryRead(out RecordMap? fields, out _))
        {
            count += fields!.Count > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Reads a file's records as Invoke-SecurityPolicy -Path does (the evaluator's field selection), building nothing more.</summary>
    internal static int ReadOnly(string file, PolicyEvaluator evaluator)
    {
        int count = 0;
        using InventoryReader reader = InventoryReader.Open(file, null, null, evaluator.FieldsRead);
        foreach (InventoryRecord record in reader.ReadRecords(error => throw error))
        {
            count += record.Fields.Count > 0 ? 1 : 0;
        }

        return count;
    }

    private static int ReadAndEvaluate(string file, PolicyEvaluator evaluator, List<PolicyFinding> findings, bool[] wanted)
    {
        int count = 0;
        using InventoryReader reader = InventoryReader.Open(file, null, null, evaluator.FieldsRead);
        foreach (InventoryRecord record in reader.ReadRecords(error => throw error))
        {
            findings.Clear();
            evaluator.Evaluate(record, findings, wanted);
            count++;
        }

        return count;
    }
}
