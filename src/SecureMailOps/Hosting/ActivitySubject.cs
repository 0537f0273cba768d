using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Otp;

namespace SecureMailOps.Hosting;

/// <summary>
/// The parameter sets Get-OtpActivity and Clear-OtpActivity share (every subject, one account, one
/// recipient) and how each names the log's subject, normalised the way the store records it.
/// </summary>
internal static class ActivitySubject
{
    /// <summary>Every account and recipient.</summary>
    public const string AllSet = "All";

    /// <summary>One account (-AccountId).</summary>
    public const string AccountSet = "Account";

    /// <summary>One recipient of emailed challenges (-To).</summary>
    public const string RecipientSet = "Recipient";

    /// <summary>Gets the subject to filter on, or null for all.</summary>
    /// <param name="parameterSetName">The cmdlet's parameter set.</param>
    /// <param name="accountId">The -AccountId value.</param>
    /// <param name="to">The -To value.</param>
    /// <returns>The normalised subject, or null.</returns>
    public static string? Resolve(string parameterSetName, string? accountId, string? to) => parameterSetName switch
    {
        AccountSet => OtpAuthenticator.NormalizeAccountId(accountId!),
        RecipientSet => ChallengeService.NormalizeRecipient(to!),
        _ => null,
    };
}
