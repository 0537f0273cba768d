using System;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Challenges;

/// <summary>Limits for emailed one-time codes (ASVS out-of-band rules; see docs).</summary>
public sealed class ChallengeOptions
{
    /// <summary>The fewest digits that still carry 20 bits of entropy (10^7 > 2^20; 10^6 is not).</summary>
    public const int MinimumDigits = 7;

    /// <summary>The most digits a code may have.</summary>
    public const int MaximumDigits = 10;

    /// <summary>The longest a code may be valid (ASVS: at most 10 minutes).</summary>
    public static readonly TimeSpan MaximumValidity = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the number of digits (default 8, about 26.6 bits).</summary>
    public int Digits { get; set; } = 8;

    /// <summary>Gets or sets how long a code is valid (default and maximum 10 minutes).</summary>
    public TimeSpan ValidFor { get; set; } = MaximumValidity;

    /// <summary>Gets or sets how many wrong codes burn a challenge (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets how many challenges one recipient may get per window (default 5).</summary>
    public int RecipientLimit { get; set; } = 5;

    /// <summary>Gets or sets the window for <see cref="RecipientLimit"/> (default 15 minutes, at most <see cref="MaximumLimitWindow"/>).</summary>
    public TimeSpan RecipientWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Gets or sets how many codes the store may issue per <see cref="GlobalWindow"/> across every
    /// recipient (a ceiling for a profile's or an application's store against mail bombing), or
    /// null for no global limit (the default).
    /// </summary>
    public int? GlobalLimit { get; set; }

    /// <summary>Gets or sets the window for <see cref="GlobalLimit"/> (default one hour, at most <see cref="MaximumLimitWindow"/>).</summary>
    public TimeSpan GlobalWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets the longest limit window: the issuance log keeps at least this much history.</summary>
    public static TimeSpan MaximumLimitWindow { get; } = TimeSpan.FromHours(24);

    /// <summary>Checks the options against the limits above; callers may check early, the service always does.</summary>
    /// <exception cref="SecureMailOpsException">An option is out of range.</exception>
    public void Validate()
    {
        if (Digits < MinimumDigits || Digits > MaximumDigits)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.DigitsInvalid, FailureKind.InvalidArgument, $"Digits must be from {MinimumDigits} to {MaximumDigits} (at least 20 bits of entropy); {Digits} was given.");
        }

        if (ValidFor <= TimeSpan.Zero || ValidFor > MaximumValidity)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.ValidityInvalid, FailureKind.InvalidArgument, $"ValidFor must be more than 0 and at most {MaximumValidity.TotalMinutes:0} minutes; {ValidFor} was given.");
        }

        if (MaxAttempts < 1 || RecipientLimit < 1 || RecipientWindow <= TimeSpan.Zero || RecipientWindow > MaximumLimitWindow
            || GlobalLimit < 1 || GlobalWindow <= TimeSpan.Zero || GlobalWindow > MaximumLimitWindow)
        {
            throw new SecureMailOpsException(ChallengeErrorIds.LimitInvalid, FailureKind.InvalidArgument, $"MaxAttempts, RecipientLimit and GlobalLimit must be at least 1 and RecipientWindow and GlobalWindow more than 0 and at most {MaximumLimitWindow.TotalHours:0} hours; {MaxAttempts}, {RecipientLimit}, {GlobalLimit}, {RecipientWindow} and {GlobalWindow} were given.");
        }
    }
}
