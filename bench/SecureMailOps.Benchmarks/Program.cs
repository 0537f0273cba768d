using BenchmarkDotNet.Running;
using SecureMailOps.Benchmarks.Mail;

namespace SecureMailOps.Benchmarks;

/// <summary>Runs the engine benchmarks; pass BenchmarkDotNet arguments such as --filter '*Otp*'.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Plain timing loops that end-to-end scripts call as baselines (they need a live server).
        if (args.Length > 0 && args[0] == "smtp-raw-loop")
        {
            return RawMailKitLoop.Run(args);
        }

        if (args.Length > 0 && args[0] == "smtp-raw-parallel")
        {
            return RawMailKitParallel.Run(args);
        }

        if (args.Length > 0 && args[0] == "smtp-engine-loop")
        {
            return SecureMailSenderLoop.Run(args);
        }

        if (args.Length > 0 && args[0] == "smtp-build-cost")
        {
            return MessageBuildCost.Run(args);
        }

        if (args.Length > 0 && args[0] == "smtp-cpu-breakdown")
        {
            return SmtpCpuBreakdown.Run(args);
        }

        if (args.Length > 0 && args[0] == "otp-store-throughput")
        {
            return Otp.StoreThroughputLoop.Run(args);
        }

        if (args.Length > 0 && args[0] == "source-mapping-profile")
        {
            return Policies.SourceMappingProfile.Run(args);
        }

        if (args.Length > 0 && args[0] == "json-file-profile")
        {
            return Policies.JsonFileReadProfile.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
