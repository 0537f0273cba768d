using System;
using System.Diagnostics;
using System.IO;
using BenchmarkDotNet.Attributes;
using OtpNet;
using SecureMailOps.Core.Otp;

namespace SecureMailOps.Benchmarks.Otp;

/// <summary>
/// Code computation and verification: the engine against stock Otp.NET on the same inputs, and
/// against oathtool's cost per code (one process computing a large window, as `oathtool -w` does).
/// Run: dotnet pwsh ./build.ps1 Bench -BenchFilter '*OtpBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class OtpBenchmarks
{
    private const int WindowCodes = 1000;
    private const int OathtoolCodes = 400_000;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly byte[] _key = Base32.Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    private readonly DateTime _nowUtc = Now.UtcDateTime;
    private Totp _stock = null!;
    private OtpKeyedGenerator _generator = null!;
    private OtpAuthenticator _authenticator = null!;
    private string _currentCode = null!;
    private string _previousCode = null!;
    private string _wrongCode = null!;
    private long _step;
    private string? _oathtool;

    [GlobalSetup]
    public void Setup()
    {
        _stock = new Totp(_key);
        _generator = new OtpKeyedGenerator(_key);
        _authenticator = new OtpAuthenticator(null, () => Now);
        _step = OtpGenerator.TimeStep(Now, 30);
        _currentCode = _generator.Compute(_step);
        _previousCode = _generator.Compute(_step - 1);
        _wrongCode = _currentCode == "000000" ? "000001" : "000000";
        _oathtool = FindOnPath("oathtool");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
    }

    // --- One code -------------------------------------------------------------------------

    [Benchmark(Description = "Stock Otp.NET Totp.ComputeTotp (one code)")]
    public string StockComputeTotp() => _stock.ComputeTotp(_nowUtc);

    [Benchmark(Description = "Engine OtpGenerator.ComputeTotp (one code, keys the HMAC)")]
    public string EngineComputeTotpOneShot() => OtpGenerator.ComputeTotp(_key, Now).Code;

    [Benchmark(Description = "Engine keyed generator, per code over a window of 1000", OperationsPerInvoke = WindowCodes)]
    public string EngineKeyedWindow()
    {
        string last = string.Empty;
        for (long i = 0; i < WindowCodes; i++)
        {
            last = _generator.Compute(_step + i);
        }

        return last;
    }

    [Benchmark(Description = "oathtool --totp -w 399999, per code (one process)", OperationsPerInvoke = OathtoolCodes)]
    public long OathtoolWindow()
    {
        if (_oathtool is null)
        {
            throw new InvalidOperationException("oathtool is not installed (apt-get install oathtool).");
        }

        var start = new ProcessStartInfo(_oathtool)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--totp", "-b", "-w", (OathtoolCodes - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-N", "@1700000000", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        long length = process.StandardOutput.ReadToEnd().Length;
        process.WaitForExit();
        return length;
    }

    // --- Keying the platform HMAC ----------------------------------------------------------

    [Benchmark(Description = "Engine keyed generator: key the platform HMAC once (per verification window)")]
    public int GeneratorKeying()
    {
        using var generator = new OtpKeyedGenerator(_key);
        return generator.Digits;
    }

    // --- Verification with the default window (one step each side) -------------------------

    [Benchmark(Description = "Stock Otp.NET new Totp(key).VerifyTotp, current code")]
    public bool StockVerifyCurrent() => new Totp(_key).VerifyTotp(_nowUtc, _currentCode, out _, VerificationWindow.RfcSpecifiedNetworkDelay);

    [Benchmark(Description = "Engine VerifyTotp (stateless), current code")]
    public bool EngineVerifyCurrent() => _authenticator.VerifyTotp(_key, _currentCode).Valid;

    [Benchmark(Description = "Stock Otp.NET new Totp(key).VerifyTotp, previous-step code")]
    public bool StockVerifyPrevious() => new Totp(_key).VerifyTotp(_nowUtc, _previousCode, out _, VerificationWindow.RfcSpecifiedNetworkDelay);

    [Benchmark(Description = "Engine VerifyTotp (stateless), previous-step code")]
    public bool EngineVerifyPrevious() => _authenticator.VerifyTotp(_key, _previousCode).Valid;

    [Benchmark(Description = "Stock Otp.NET new Totp(key).VerifyTotp, wrong code")]
    public bool StockVerifyWrong() => new Totp(_key).VerifyTotp(_nowUtc, _wrongCode, out _, VerificationWindow.RfcSpecifiedNetworkDelay);

    [Benchmark(Description = "Engine VerifyTotp (stateless), wrong code")]
    public bool EngineVerifyWrong() => _authenticator.VerifyTotp(_key, _wrongCode).Valid;

    private static string? FindOnPath(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
