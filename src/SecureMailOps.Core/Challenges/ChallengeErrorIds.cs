namespace SecureMailOps.Core.Challenges;

/// <summary>The stable error ids of emailed one-time codes (challenges) and their templates (scripts and tests may depend on them).</summary>
public static class ChallengeErrorIds
{
    /// <summary>Digits must be from … to … (at least 20 bits of entropy); … was given.</summary>
    public const string DigitsInvalid = "OtpChallengeDigitsInvalid";

    /// <summary>ValidFor must be more than 0 and at most … minutes; … was given.</summary>
    public const string ValidityInvalid = "OtpChallengeValidityInvalid";

    /// <summary>MaxAttempts and RecipientLimit must be at least 1 and RecipientWindow positive; …, … and … were given.</summary>
    public const string LimitInvalid = "OtpChallengeLimitInvalid";

    /// <summary>'…' is not a mail address.</summary>
    public const string RecipientInvalid = "OtpChallengeRecipientInvalid";

    /// <summary>Purpose must be 1 to 200 characters.</summary>
    public const string PurposeInvalid = "OtpChallengePurposeInvalid";

    /// <summary>… already got … codes in the last … minutes; no code was sent. Try again later.</summary>
    public const string RateLimited = "OtpChallengeRateLimited";

    /// <summary>the first part must be a line 'Subject: ...'</summary>
    public const string TemplateMissingSubject = "ChallengeTemplateMissingSubject";

    /// <summary>after the subject it needs a '…' line and then a '…' line</summary>
    public const string TemplateMissingSection = "ChallengeTemplateMissingSection";

    /// <summary>unknown placeholder '{{…}}'; known placeholders are {string.Join(</summary>
    public const string TemplateUnknownPlaceholder = "ChallengeTemplateUnknownPlaceholder";

    /// <summary>the code must not be in the subject (subjects appear on lock screens, in notifications and in logs)</summary>
    public const string TemplateCodeInSubject = "ChallengeTemplateCodeInSubject";

    /// <summary>the text part never uses {Code}, so the mail would not carry the code</summary>
    public const string TemplateMissingCode = "ChallengeTemplateMissingCode";

    /// <summary>The server refused the recipient …; no code was sent.</summary>
    public const string RecipientRejected = "OtpChallengeRecipientRejected";

    /// <summary>The template file '…' does not exist.</summary>
    public const string TemplateNotFound = "OtpChallengeTemplateNotFound";

    /// <summary>Give -From: the profile's user name is not a mail address to send from.</summary>
    public const string FromMissing = "OtpChallengeFromMissing";
}
