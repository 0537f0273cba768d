using System;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>Computes TOTP (RFC 6238) and HOTP (RFC 4226) codes through Otp.NET.</summary>
public static class OtpGenerator
{
    /// <summary>The smallest number of digits RFC 4226 section 5.3 allows.</summary>
    public const int MinimumDigits = 6;

    /// <summary>The largest number of digits the dynamic truncation supports.</summary>
    public const int MaximumDigits = 10;

    /// <summary>Computes the TOTP code for a time.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="time">The time.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">How many digits.</param>
    /// <param name="periodSeconds">The time step in seconds.</param>
    /// <returns>The code and its validity interval.</returns>
    public static OtpCode ComputeTotp(byte[] key, DateTimeOffset time, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6, int periodSeconds = 30)
    {
        long step = TimeStep(time, periodSeconds);
        using var generator = new OtpKeyedGenerator(key, algorithm, digits);
        string code = generator.Compute(step);
        var from = DateTimeOffset.FromUnixTimeSeconds(step * periodSeconds);
        return new OtpCode(code, from, from.AddSeconds(periodSeconds), step);
    }

    /// <summary>Computes the HOTP code for a counter value.</summary>
    /// <param name="key">The shared secret.</param>
    /// <param name="counter">The counter.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="digits">How many digits.</param>
    /// <returns>The code.</returns>
    public static OtpCode ComputeHotp(byte[] key, long counter, OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int digits = 6)
    {
        using var generator = new OtpKeyedGenerator(key, algorithm, digits);
        return new OtpCode(generator.Compute(counter), null, null, counter);
    }

    /// <summary>The RFC 6238 time step number of a time (64-bit: times beyond 2038 work).</summary>
    /// <param name="time">The time.</param>
    /// <param name="periodSeconds">The step in seconds.</param>
    /// <returns>The step number.</returns>
    public static long TimeStep(DateTimeOffset time, int periodSeconds)
    {
        ValidatePeriod(periodSeconds);
        long unix = time.ToUnixTimeSeconds();
        if (unix < 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.TimeInvalid, FailureKind.InvalidArgument, "TOTP is defined for times from 1970-01-01T00:00:00Z on.");
        }

        return unix / periodSeconds;
    }

    /// <summary>Checks a TOTP period.</summary>
    /// <param name="periodSeconds">The step in seconds.</param>
    internal static void ValidatePeriod(int periodSeconds)
    {
        if (periodSeconds < 1)
        {
            throw new SecureMailOpsException(OtpErrorIds.PeriodInvalid, FailureKind.InvalidArgument, $"The period must be at least 1 second; {periodSeconds} was given.");
        }
    }
}
