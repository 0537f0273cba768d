namespace SecureMailOps.Core.Otp;

/// <summary>The stable error ids of one-time passwords: secrets, codes, enrollment, backup codes and lock-out (scripts and tests may depend on them).</summary>
public static class OtpErrorIds
{
    /// <summary>The secret is not valid Base32: the character at position … is outside the alphabet A-Z, 2-7.</summary>
    public const string SecretInvalidCharacter = "OtpSecretInvalidCharacter";

    /// <summary>The secret is empty.</summary>
    public const string SecretEmpty = "OtpSecretEmpty";

    /// <summary>The look-ahead must be from 0 to …; … was given.</summary>
    public const string LookAheadInvalid = "OtpLookAheadInvalid";

    /// <summary>The counter must not be negative; … was given.</summary>
    public const string CounterInvalid = "OtpCounterInvalid";

    /// <summary>The count must be from 1 to …; … was given.</summary>
    public const string BackupCodeCountInvalid = "OtpBackupCodeCountInvalid";

    /// <summary>The account id must not be empty.</summary>
    public const string AccountIdEmpty = "OtpAccountIdEmpty";

    /// <summary>The account id must be at most 256 characters.</summary>
    public const string AccountIdTooLong = "OtpAccountIdTooLong";

    /// <summary>The window must be from 0 to … steps; … was given.</summary>
    public const string WindowInvalid = "OtpWindowInvalid";

    /// <summary>… must not be empty.</summary>
    public const string EnrollmentLabelEmpty = "OtpEnrollmentLabelEmpty";

    /// <summary>… must not contain a colon: the Key URI label is 'Issuer:account' and a colon would split it in the wrong place.</summary>
    public const string EnrollmentLabelColon = "OtpEnrollmentLabelColon";

    /// <summary>TOTP is defined for times from 1970-01-01T00:00:00Z on.</summary>
    public const string TimeInvalid = "OtpTimeInvalid";

    /// <summary>The period must be at least 1 second; … was given.</summary>
    public const string PeriodInvalid = "OtpPeriodInvalid";

    /// <summary>Digits must be from … to …; … was given.</summary>
    public const string DigitsInvalid = "OtpDigitsInvalid";

    /// <summary>MaxFailures must be from 1 to … (NIST SP 800-63B 5.2.2); … was given.</summary>
    public const string MaxFailuresInvalid = "OtpMaxFailuresInvalid";

    /// <summary>The lock-out duration must be positive and at most 30 days; … was given.</summary>
    public const string LockoutDurationInvalid = "OtpLockoutDurationInvalid";

    /// <summary>A secret of … bytes is longer than the … bytes allowed.</summary>
    public const string SecretTooLong = "OtpSecretTooLong";

    /// <summary>A secret of … bytes (… bits) is too short: at least … bytes (128 bits) are required (RFC 4226 R6); … is the default for ….</summary>
    public const string SecretTooShort = "OtpSecretTooShort";

    /// <summary>The QR code could not be written to '…': …</summary>
    public const string QrCodeWriteFailed = "OtpQrCodeWriteFailed";
}
