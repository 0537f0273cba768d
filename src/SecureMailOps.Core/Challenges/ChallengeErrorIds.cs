namespace SecureMailOps.Core.Challenges;

/// <summary>The stable error ids of emailed one-time codes (scripts and tests may depend on them).</summary>
public static class ChallengeErrorIds
{
    /// <summary>The digit count is out of range.</summary>
    public const string DigitsInvalid = "OtpChallengeDigitsInvalid";

    /// <summary>No sender address.</summary>
    public const string FromMissing = "OtpChallengeFromMissing";

    /// <summary>A limit is out of range.</summary>
    public const string LimitInvalid = "OtpChallengeLimitInvalid";

    /// <summary>The purpose is not one line of printable text of the allowed length.</summary>
    public const string PurposeInvalid = "OtpChallengePurposeInvalid";

    /// <summary>The recipient reached its issuance limit.</summary>
    public const string RateLimited = "OtpChallengeRateLimited";

    /// <summary>The store reached its issuance limit across all recipients.</summary>
    public const string GlobalRateLimited = "OtpChallengeGlobalRateLimited";

    /// <summary>The recipient is not a mail address a code may be sent to.</summary>
    public const string RecipientInvalid = "OtpChallengeRecipientInvalid";

    /// <summary>The server refused the recipient.</summary>
    public const string RecipientRejected = "OtpChallengeRecipientRejected";

    /// <summary>The template file does not exist.</summary>
    public const string TemplateNotFound = "OtpChallengeTemplateNotFound";

    /// <summary>The validity is out of range.</summary>
    public const string ValidityInvalid = "OtpChallengeValidityInvalid";

    /// <summary>The challenge key is too short or unreadable.</summary>
    public const string KeyInvalid = "OtpChallengeKeyInvalid";

    /// <summary>The challenge key file could not be read or created.</summary>
    public const string KeyFailed = "OtpChallengeKeyFailed";
}
