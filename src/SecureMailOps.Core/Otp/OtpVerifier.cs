using System;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Stateless matching of a code against a window of TOTP steps or HOTP counters. Each comparison
/// is constant-time, so timing never reveals how many digits of a guess were right. The search
/// stops at the first unused match (nearest to now first, as Otp.NET does): a wrong code always
/// costs the whole window, and a right one reveals by its timing only what the result says anyway
/// (that it matched, and its drift).
/// </summary>
public static class OtpVerifier
{
    /// <summary>The largest TOTP window, in steps each side.</summary>
    public const int MaximumWindow = 10;

    /// <summary>
    /// The largest HOTP look-ahead applied on one attempt. Each counter in the window is one more code
    /// a guess can hit, so the window stays small; a token that drifted further is resynchronised
    /// with two consecutive codes (<see cref="MatchHotpPair"/>).
    /// </summary>
    public const int MaximumLookAhead = 20;

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

        if (code.Length == digits && AllDigits(code))
        {
            return code;
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

        // Candidates nearest to now first (0, -1, +1, -2, +2, ...); the first unused match wins.
        long? used = null;
        for (int offset = 0; offset <= 2 * window; offset++)
        {
            long drift = (offset + 1) / 2 * (offset % 2 == 1 ? -1 : 1);
            long step = currentStep + drift;
            if (step < 0 || !ConstantTime.AreEqual(generator.Compute(step), code))
            {
                continue;
            }

            if (lastUsedStep.HasValue && step <= lastUsedStep.Value)
            {
                used ??= step;
                continue;
            }

            return new OtpMatch(step, drift, false);
        }

        return used.HasValue ? new OtpMatch(used.Value, used.Value - currentStep, true) : OtpMatch.None;
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

        for (long candidate = counter; candidate <= counter + lookAhead; candidate++)
        {
            if (ConstantTime.AreEqual(generator.Compute(candidate), code))
            {
                return new OtpMatch(candidate, candidate - counter, false);
            }
        }

        if (detectReplay && counter > 0 && ConstantTime.AreEqual(generator.Compute(counter - 1), code))
        {
            return new OtpMatch(counter - 1, -1, true);
        }

        return OtpMatch.None;
    }

    /// <summary>
    /// Finds a counter, from <paramref name="counter"/> up to <paramref name="window"/> further, whose
    /// code is <paramref name="code"/> and whose successor's code is <paramref name="nextCode"/>
    /// (RFC 4226 section 7.4 resynchronisation). The match's step is the second code's counter.
    /// </summary>
    /// <param name="generator">The keyed generator.</param>
    /// <param name="code">The first normalised code.</param>
    /// <param name="nextCode">The second normalised code.</param>
    /// <param name="counter">The counter expected next.</param>
    /// <param name="window">How many counters to search.</param>
    /// <returns>The match.</returns>
    public static OtpMatch MatchHotpPair(OtpKeyedGenerator generator, string code, string nextCode, long counter, int window)
    {
        if (generator is null)
        {
            throw new ArgumentNullException(nameof(generator));
        }

        if (code is null || nextCode is null)
        {
            throw new ArgumentNullException(code is null ? nameof(code) : nameof(nextCode));
        }

        string following = generator.Compute(counter);
        for (long candidate = counter; candidate < counter + window; candidate++)
        {
            string current = following;
            following = generator.Compute(candidate + 1);
            bool first = ConstantTime.AreEqual(current, code);
            bool second = ConstantTime.AreEqual(following, nextCode);
            if (first & second)
            {
                return new OtpMatch(candidate + 1, candidate + 1 - counter, false);
            }
        }

        return OtpMatch.None;
    }

    private static bool AllDigits(string code)
    {
        foreach (char c in code)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
