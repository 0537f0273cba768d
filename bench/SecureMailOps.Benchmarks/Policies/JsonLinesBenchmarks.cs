using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SecureMailOps.Benchmarks.Otp;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>
/// The engine's half of Invoke-SecurityPolicy -Path, without PowerShell: reading 100,000 accounts
/// from JSON Lines (also with every other record lacking optional fields), reading and evaluating
/// the baseline (failures only) on one thread, and the same through the read-ahead worker as the
/// cmdlet does. The allocation column is what the worker adds to the garbage collector's load
/// while PowerShell writes the findings.
/// Run: dotnet pwsh ./build.ps1 Bench -BenchFilter '*JsonLinesBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class JsonLinesBenchmarks
{
    private readonly bool[] _failuresOnly = new bool[Enum.GetValues<FindingOutcome>().Length];
    private readonly List<PolicyFinding> _findings = new(32);
    private string _path = null!;
    private string _alternatingPath = null!;
    private PolicyEvaluator _evaluator = null!;

    [Params(100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _failuresOnly[(int)FindingOutcome.Fail] = true;
        _path = Path.Combine(Path.GetTempPath(), "smo-bench-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using (var writer = new StreamWriter(_path))
        {
            foreach (InventoryRecord record in PolicyWorkload.Accounts(Records))
            {
                writer.WriteLine(JsonSerializer.Serialize<IDictionary<string, object?>>(record.Fields));
            }
        }

        // The same accounts, every other one without the optional delegates field and mfa.backupCodes:
        // records whose shapes alternate, as inventories with optional fields have.
        _alternatingPath = Path.ChangeExtension(_path, ".alternating.jsonl");
        using (var writer = new StreamWriter(_alternatingPath))
        {
            int index = 0;
            foreach (InventoryRecord record in PolicyWorkload.Accounts(Records))
            {
                if (index++ % 2 == 1)
                {
                    record.Fields.Remove("delegates");
                    ((RecordMap)record.Fields["mfa"]!).Remove("backupCodes");
                }

                writer.WriteLine(JsonSerializer.Serialize<IDictionary<string, object?>>(record.Fields));
            }
        }

        _evaluator = PolicyEvaluator.Compile(PolicyWorkload.Baseline(), null, null, PolicyWorkload.AsOf);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_path);
        File.Delete(_alternatingPath);
    }

    [Benchmark(Description = "Read JSON Lines (records only)")]
    public int Read() => CountFields(_path);

    [Benchmark(Description = "Read JSON Lines whose record shapes alternate (records only)")]
    public int ReadAlternating() => CountFields(_alternatingPath);

    [Benchmark(Description = "Read and evaluate the baseline, failures only, one thread")]
    public int ReadAndEvaluate()
    {
        int failures = 0;
        using InventoryReader reader = InventoryReader.Open(_path, null);
        foreach (InventoryRecord record in reader.ReadRecords(error => throw error))
        {
            _findings.Clear();
            _evaluator.Evaluate(record, _findings, _failuresOnly);
            failures += _findings.Count;
        }

        return failures;
    }

    [Benchmark(Description = "Read and evaluate on the read-ahead worker (as Invoke-SecurityPolicy -Path)")]
    public int EvaluateAhead()
    {
        int failures = 0;
        using InventoryReader reader = InventoryReader.Open(_path, null);
        using InventoryReadAhead ahead = _evaluator.EvaluateAhead(reader, _failuresOnly);
        while (ahead.TryTake(out object? item))
        {
            failures += item is PolicyFinding ? 1 : 0;
        }

        return failures;
    }

    private static int CountFields(string path)
    {
        int count = 0;
        using InventoryReader reader = InventoryReader.Open(path, null);
        foreach (InventoryRecord record in reader.ReadRecords(error => throw error))
        {
            count += record.Fields.Count;
        }

        return count;
    }
}
