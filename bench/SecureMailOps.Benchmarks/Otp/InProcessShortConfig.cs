using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SecureMailOps.Benchmarks.Otp;

/// <summary>
/// A short in-process job: the machine is shared, so few iterations; and in-process because the
/// repository's warnings-as-errors and documentation settings break the project BenchmarkDotNet
/// generates for an out-of-process run (CS1591 on its generated types).
/// </summary>
public sealed class InProcessShortConfig : ManualConfig
{
    public InProcessShortConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10));
    }
}
