using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>
/// The compiled engine evaluating the baseline's 16 account rules over 10,000 accounts, against the
/// same rules hand-written as C# predicates over the same records (target: within 2x).
/// Both produce one outcome per rule and record; the engine also builds its finding objects.
/// </summary>
[Config(typeof(InProcessShortRun))]
[MemoryDiagnoser]
public class PolicyEngineBenchmarks
{
    private List<InventoryRecord> _records = null!;
    private PolicyEvaluator _evaluator = null!;
    private readonly List<PolicyFinding> _findings = new(32);
    private readonly FindingOutcome[] _outcomes = new FindingOutcome[HandWrittenBaseline.RuleCount];

    [Params(10_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _records = PolicyWorkload.Accounts(Records);
        _evaluator = PolicyEvaluator.Compile(PolicyWorkload.Baseline(), null, null, PolicyWorkload.AsOf);
        if (Engine() != HandWritten())
        {
            throw new InvalidOperationException("The engine and the hand-written rules disagree on the failures.");
        }
    }

    [Benchmark(Baseline = true, Description = "Hand-written C# predicates")]
    public int HandWritten()
    {
        int failures = 0;
        foreach (InventoryRecord record in _records)
        {
            HandWrittenBaseline.Evaluate(record.Fields, _outcomes, PolicyWorkload.AsOf);
            foreach (FindingOutcome outcome in _outcomes)
            {
                failures += outcome == FindingOutcome.Fail ? 1 : 0;
            }
        }

        return failures;
    }

    [Benchmark(Description = "Compiled policy engine")]
    public int Engine()
    {
        int failures = 0;
        foreach (InventoryRecord record in _records)
        {
            _findings.Clear();
            _evaluator.Evaluate(record, _findings);
            foreach (PolicyFinding finding in _findings)
            {
                failures += finding.Outcome == FindingOutcome.Fail ? 1 : 0;
            }
        }

        return failures;
    }

    [Benchmark(Description = "Load and compile the baseline (once per evaluation)")]
    public int Compile() => PolicyEvaluator.Compile(PolicyWorkload.Baseline(), null, null, PolicyWorkload.AsOf).RuleCount;

    /// <summary>
    /// A run in this process: the generated out-of-process project would inherit the repository's
    /// warnings-as-errors settings (CS1591 on generated code) and fail to build. Ten iterations, not
    /// BenchmarkDotNet's short run of three: on the shared VM three gave error bars wider than the
    /// difference being measured.
    /// </summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10));
    }
}
