namespace SecureMailOps.Core.Challenges;

/// <summary>The stable error ids of emailed one-time codes (challenges) and their templates (scripts and tests may depend on them).</summary>
public static class ChallengeErrorIds
{
    /// <summary>The number of digits of an emailed code is outside the allowed range (at least 20 bits of entropy).</summary>
    public const string DigitsInvalid = "OtpChallengeDigitsInvalid";

    /// <summary>ValidFor is not more than 0 or longer than the maximum.</summary>
    public const string ValidityInvalid = "OtpChallengeValidityInvalid";

    /// <summary>MaxAttempts or RecipientLimit is below 1, or RecipientWindow is not positive.</summary>
    public const string LimitInvalid = "OtpChallengeLimitInvalid";

    /// <summary>The recipient is not a mail address.</summary>
    public const string RecipientInvalid = "OtpChallengeRecipientInvalid";

    /// <summary>Purpose must be 1 to 200 characters.</summary>
    public const string PurposeInvalid = "OtpChallengePurposeInvalid";

    /// <summary>The recipient already got the allowed number of codes in the window; no code was sent.</summary>
    public const string RateLimited = "OtpChallengeRateLimited";

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

    /// <summary>The server refused the recipient; no code was sent.</summary>
    public const string RecipientRejected = "OtpChallengeRecipientRejected";

    /// <summary>The challenge template file does not exist.</summary>
    public const string TemplateNotFound = "OtpChallengeTemplateNotFound";

    /// <summary>Give -From: the profile's user name is not a mail address to send from.</summary>
    public const string FromMissing = "OtpChallengeFromMissing";
}
