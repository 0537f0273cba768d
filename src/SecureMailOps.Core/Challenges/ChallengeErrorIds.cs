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

    /// <summary>A store that is not a file was given no challenge key (no -ChallengeKey, -ChallengeKeyPath or SECUREMAILOPS_CHALLENGE_KEY_FILE).</summary>
    public const string KeyMissing = "OtpChallengeKeyMissing";

    /// <summary>The challenge key file could not be read or created.</summary>
    public const string KeyFailed = "OtpChallengeKeyFailed";

    /// <summary>The challenge template does not start with a line 'Subject: ...'.</summary>
    public const string TemplateMissingSubject = "ChallengeTemplateMissingSubject";

    /// <summary>The challenge template lacks the text or the HTML section after the subject.</summary>
    public const string TemplateMissingSection = "ChallengeTemplateMissingSection";

    /// <summary>The challenge template uses a placeholder that does not exist.</summary>
    public const string TemplateUnknownPlaceholder = "ChallengeTemplateUnknownPlaceholder";

    /// <summary>The challenge template puts the code in the subject (subjects appear on lock screens, in notifications and in logs).</summary>
    public const string TemplateCodeInSubject = "ChallengeTemplateCodeInSubject";

    /// <summary>A part of the challenge template never uses {{Code}}, so the mail would not carry the code.</summary>
    public const string TemplateMissingCode = "ChallengeTemplateMissingCode";
}
