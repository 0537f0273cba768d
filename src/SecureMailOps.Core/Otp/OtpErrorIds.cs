namespace SecureMailOps.Core.Otp;

/// <summary>The stable error ids of one-time passwords: secrets, codes, enrollment, backup codes and lock-out (scripts and tests may depend on them).</summary>
public static class OtpErrorIds
{
    /// <summary>The secret is not valid Base32: a character is outside the alphabet A-Z, 2-7.</summary>
    public const string SecretInvalidCharacter = "OtpSecretInvalidCharacter";

    /// <summary>The secret is empty.</summary>
    public const string SecretEmpty = "OtpSecretEmpty";

    /// <summary>The HOTP look-ahead is outside 0 to OtpVerifier.MaximumLookAhead.</summary>
    public const string LookAheadInvalid = "OtpLookAheadInvalid";

    /// <summary>The HOTP counter is negative.</summary>
    public const string CounterInvalid = "OtpCounterInvalid";

    /// <summary>The number of backup codes asked for is outside 1 to the maximum.</summary>
    public const string BackupCodeCountInvalid = "OtpBackupCodeCountInvalid";

    /// <summary>The account id must not be empty.</summary>
    public const string AccountIdEmpty = "OtpAccountIdEmpty";

    /// <summary>The account id must be at most 256 characters.</summary>
    public const string AccountIdTooLong = "OtpAccountIdTooLong";

    /// <summary>The TOTP window is outside 0 to OtpVerifier.MaximumWindow steps.</summary>
    public const string WindowInvalid = "OtpWindowInvalid";

    /// <summary>The issuer or account name of an enrollment is empty.</summary>
    public const string EnrollmentLabelEmpty = "OtpEnrollmentLabelEmpty";

    /// <summary>The issuer or account name contains a colon, which would split the Key URI label 'Issuer:account' in the wrong place.</summary>
    public const string EnrollmentLabelColon = "OtpEnrollmentLabelColon";

    /// <summary>TOTP is defined for times from 1970-01-01T00:00:00Z on.</summary>
    public const string TimeInvalid = "OtpTimeInvalid";

    /// <summary>The TOTP period is shorter than 1 second.</summary>
    public const string PeriodInvalid = "OtpPeriodInvalid";

    /// <summary>The number of digits is outside the range OtpGenerator allows.</summary>
    public const string DigitsInvalid = "OtpDigitsInvalid";

    /// <summary>MaxFailures is outside 1 to the maximum (NIST SP 800-63B 5.2.2).</summary>
    public const string MaxFailuresInvalid = "OtpMaxFailuresInvalid";

    /// <summary>The lock-out duration is not positive or longer than 30 days.</summary>
    public const string LockoutDurationInvalid = "OtpLockoutDurationInvalid";

    /// <summary>The secret is longer than the bytes allowed.</summary>
    public const string SecretTooLong = "OtpSecretTooLong";

    /// <summary>The secret is shorter than 128 bits (RFC 4226 R6).</summary>
    public const string SecretTooShort = "OtpSecretTooShort";

    /// <summary>The enrollment QR code PNG could not be written.</summary>
    public const string QrCodeWriteFailed = "OtpQrCodeWriteFailed";
}
