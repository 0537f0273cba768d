using System;
using OtpNet;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// A generator keyed once and reused for many codes (a verification window, a look-ahead, a
/// benchmark): Otp.NET's RFC 4226 computation fed through its key seam with the platform HMAC
/// (<see cref="PlatformHmacKeyProvider"/>), so the HMAC key schedule is paid once per window, not
/// once per code. Thread-safe (the keyed HMAC is used under a lock). Dispose releases the keyed HMAC.
/// </summary>
public sealed class OtpKeyedGenerator : IDisposable
{
    private readonly PlatformHmacKeyProvider _provider;
    private readonly Hotp _hotp;

    /// <summary>Creates a generator for one key.</summary>
    /// <param name="key">The shared secret; the caller may clear its copy afterwards.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">How many digits each code has (6 to 10).</param>
    public OtpKeyedGenerator(byte[] key, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        ValidateDigits(digits);
        Algorithm = algorithm;
        Digits = digits;
        _provider = new PlatformHmacKeyProvider(key, algorithm);
        _hotp = new Hotp(_provider, _provider.Mode, digits);
    }

    /// <summary>Gets the HMAC algorithm.</summary>
    public OtpAlgorithm Algorithm { get; }

    /// <summary>Gets the number of digits.</summary>
    public int Digits { get; }

    /// <summary>Computes the code for a counter value (HOTP) or time step number (TOTP).</summary>
    /// <param name="counter">The counter or step, 0 or more.</param>
    /// <returns>The code, with leading zeros.</returns>
    public string Compute(long counter)
    {
        if (counter < 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.CounterInvalid, FailureKind.InvalidArgument, $"The counter must not be negative; {counter} was given.");
        }

        return _hotp.ComputeHOTP(counter);
    }

    /// <inheritdoc />
    public void Dispose() => _provider.Dispose();

    /// <summary>Checks a digit count against RFC 4226 section 5.3 and the truncation's range.</summary>
    /// <param name="digits">The digit count.</param>
    internal static void ValidateDigits(int digits)
    {
        if (digits < OtpGenerator.MinimumDigits || digits > OtpGenerator.MaximumDigits)
        {
            throw new SecureMailOpsException(OtpErrorIds.DigitsInvalid, FailureKind.InvalidArgument, $"Digits must be from {OtpGenerator.MinimumDigits} to {OtpGenerator.MaximumDigits}; {digits} was given.");
        }
    }
}
