using BenchmarkDotNet.Running;

namespace SecureMailOps.Benchmarks;

/// <summary>Runs the engine benchmarks; pass BenchmarkDotNet arguments such as --filter '*Otp*'.</summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
