using System;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Stateless matching of a code against a window of TOTP steps or HOTP counters. Every candidate
/// in the window is computed and compared in constant time, so the time taken does not reveal
/// whether or where a code matched.
/// </summary>
public static class OtpVerifier
{
    /// <summary>The largest TOTP window, in steps each side.</summary>
    public const int MaximumWindow = 10;

    /// <summary>The largest HOTP look-ahead.</summary>
    public const int MaximumLookAhead = 1000;

    /// <summary>
    /// Normalises a typed code: spaces are dropped; what remains must be exactly
    /// <paramref name="digits"/> ASCII digits.
    /// </summary>
    /// <param name="code">The typed code.</param>
    /// <param name="digits">The expected digit count.</param>
    /// <returns>The code, or null when it is malformed.</returns>
    public static string? NormalizeCode(string? code, int digits)
    {
        if (code is null)
        {
            return null;
        }

        var chars = new char[digits];
        int count = 0;
        foreach (char c in code)
        {
            if (c == ' ')
            {
                continue;
            }

            if (c < '0' || c > '9' || count == digits)
            {
                return null;
            }

            chars[count++] = c;
        }

        return count == digits ? new string(chars) : null;
    }

    /// <summary>Finds the TOTP step a code belongs to within a window.</summary>
    /// <param name="generator">The keyed generator.</param>
    /// <param name="code">The normalised code.</param>
    /// <param name="currentStep">The step of the verification time.</param>
    /// <param name="window">Steps accepted each side (0 to <see cref="MaximumWindow"/>).</param>
    /// <param name="lastUsedStep">The last step accepted for the account, or null.</param>
    /// <returns>The match.</returns>
    public static OtpMatch MatchTotp(OtpKeyedGenerator generator, string code, long currentStep, int window, long? lastUsedStep)
    {
        if (generator is null)
        {
            throw new ArgumentNullException(nameof(generator));
        }

        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        long? fresh = null;
        long? used = null;
        for (long step = currentStep - window; step <= currentStep + window; step++)
        {
            if (step < 0)
            {
                continue;
            }

            bool equal = ConstantTime.AreEqual(generator.Compute(step), code);
            if (!equal)
            {
                continue;
            }

            if (lastUsedStep.HasValue && step <= lastUsedStep.Value)
            {
                used ??= step;
            }
            else if (!fresh.HasValue || Math.Abs(step - currentStep) < Math.Abs(fresh.Value - currentStep))
            {
                fresh = step;
            }
        }

        return fresh.HasValue ? new OtpMatch(fresh.Value, fresh.Value - currentStep, false)
            : used.HasValue ? new OtpMatch(used.Value, used.Value - currentStep, true)
            : OtpMatch.None;
    }

    /// <summary>
    /// Finds the HOTP counter a code belongs to, looking ahead from the expected counter
    /// (RFC 4226 7.4); the counter just before it is checked too, to tell a replay from a wrong code.
    /// </summary>
    /// <param name="generator">The keyed generator.</param>
    /// <param name="code">The normalised code.</param>
    /// <param name="counter">The counter expected next.</param>
    /// <param name="lookAhead">Further counters accepted (0 to <see cref="MaximumLookAhead"/>).</param>
    /// <param name="detectReplay">Whether the previous counter was used (a stored counter exists).</param>
    /// <returns>The match.</returns>
    public static OtpMatch MatchHotp(OtpKeyedGenerator generator, string code, long counter, int lookAhead, bool detectReplay)
    {
        if (generator is null)
        {
            throw new ArgumentNullException(nameof(generator));
        }

        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        long? match = null;
        for (long candidate = counter; candidate <= counter + lookAhead; candidate++)
        {
            if (ConstantTime.AreEqual(generator.Compute(candidate), code) && !match.HasValue)
            {
                match = candidate;
            }
        }

        if (match.HasValue)
        {
            return new OtpMatch(match.Value, match.Value - counter, false);
        }

        if (detectReplay && counter > 0 && ConstantTime.AreEqual(generator.Compute(counter - 1), code))
        {
            return new OtpMatch(counter - 1, -1, true);
        }

        return OtpMatch.None;
    }
}
