namespace SecureMailOps.Core.Otp;

/// <summary>The stable error ids of OTP generation and verification (scripts and tests may depend on them).</summary>
public static class OtpErrorIds
{
    /// <summary>The account id is empty.</summary>
    public const string AccountIdEmpty = "OtpAccountIdEmpty";

    /// <summary>The account id is longer than 256 characters.</summary>
    public const string AccountIdTooLong = "OtpAccountIdTooLong";

    /// <summary>The account id holds a control, format or unpaired surrogate character.</summary>
    public const string AccountIdInvalid = "OtpAccountIdInvalid";

    /// <summary>The backup code count is out of range.</summary>
    public const string BackupCodeCountInvalid = "OtpBackupCodeCountInvalid";

    /// <summary>The HOTP counter is negative.</summary>
    public const string CounterInvalid = "OtpCounterInvalid";

    /// <summary>The digit count is out of range.</summary>
    public const string DigitsInvalid = "OtpDigitsInvalid";

    /// <summary>The issuer holds a colon.</summary>
    public const string EnrollmentLabelColon = "OtpEnrollmentLabelColon";

    /// <summary>The issuer or account name is empty.</summary>
    public const string EnrollmentLabelEmpty = "OtpEnrollmentLabelEmpty";

    /// <summary>The lock-out duration is out of range.</summary>
    public const string LockoutDurationInvalid = "OtpLockoutDurationInvalid";

    /// <summary>The HOTP look-ahead is out of range (at most 20 per attempt).</summary>
    public const string LookAheadInvalid = "OtpLookAheadInvalid";

    /// <summary>The HOTP resynchronisation window is out of range.</summary>
    public const string ResyncWindowInvalid = "OtpResyncWindowInvalid";

    /// <summary>The failure limit is out of range.</summary>
    public const string MaxFailuresInvalid = "OtpMaxFailuresInvalid";

    /// <summary>The TOTP period is out of range.</summary>
    public const string PeriodInvalid = "OtpPeriodInvalid";

    /// <summary>The QR code file could not be written.</summary>
    public const string QrCodeWriteFailed = "OtpQrCodeWriteFailed";

    /// <summary>The secret is empty.</summary>
    public const string SecretEmpty = "OtpSecretEmpty";

    /// <summary>The secret is not Base32.</summary>
    public const string SecretInvalidCharacter = "OtpSecretInvalidCharacter";

    /// <summary>The secret is too long.</summary>
    public const string SecretTooLong = "OtpSecretTooLong";

    /// <summary>The secret is shorter than 128 bits.</summary>
    public const string SecretTooShort = "OtpSecretTooShort";

    /// <summary>The time is before 1970.</summary>
    public const string TimeInvalid = "OtpTimeInvalid";

    /// <summary>The TOTP window is out of range.</summary>
    public const string WindowInvalid = "OtpWindowInvalid";
}
