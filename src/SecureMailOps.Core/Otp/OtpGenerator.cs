using System;
using OtpNet;
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
        ValidateDigits(digits);
        if (periodSeconds < 1)
        {
            throw new SecureMailOpsException("OtpPeriodInvalid", FailureKind.InvalidArgument, $"The period must be at least 1 second; {periodSeconds} was given.");
        }

        long unix = time.ToUnixTimeSeconds();
        if (unix < 0)
        {
            throw new SecureMailOpsException("OtpTimeInvalid", FailureKind.InvalidArgument, "TOTP is defined for times from 1970-01-01T00:00:00Z on.");
        }

        long step = unix / periodSeconds;
        using var provider = new CachedHmacKeyProvider(key, algorithm);
        var hotp = new Hotp(provider, provider.Mode, digits);
        string code = hotp.ComputeHOTP(step);
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
        ValidateDigits(digits);
        if (counter < 0)
        {
            throw new SecureMailOpsException("OtpCounterInvalid", FailureKind.InvalidArgument, $"The counter must not be negative; {counter} was given.");
        }

        using var provider = new CachedHmacKeyProvider(key, algorithm);
        var hotp = new Hotp(provider, provider.Mode, digits);
        return new OtpCode(hotp.ComputeHOTP(counter), null, null, counter);
    }

    private static void ValidateDigits(int digits)
    {
        if (digits < MinimumDigits || digits > MaximumDigits)
        {
            throw new SecureMailOpsException("OtpDigitsInvalid", FailureKind.InvalidArgument, $"Digits must be from {MinimumDigits} to {MaximumDigits}; {digits} was given.");
        }
    }
}
