using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Otp;

namespace SecureMailOps.Hosting;

/// <summary>
/// The parameter sets Get-OtpActivity and Clear-OtpActivity share (every subject, one account, one
/// recipient, each crossed with the two store sets: see <see cref="CrossedStoreSets"/>) and how each
/// names the log's subject, normalised the way the store records it.
/// </summary>
internal static class ActivitySubject
{
    /// <summary>Every account and recipient, in a store file (the default set).</summary>
    public const string AllFileSet = "All" + CrossedStoreSets.File;

    /// <summary>Every account and recipient, on a server.</summary>
    public const string AllServerSet = "All" + CrossedStoreSets.Server;

    /// <summary>One account (-AccountId), in a store file.</summary>
    public const string AccountFileSet = "Account" + CrossedStoreSets.File;

    /// <summary>One account (-AccountId), on a server.</summary>
    public const string AccountServerSet = "Account" + CrossedStoreSets.Server;

    /// <summary>One recipient of emailed challenges (-To), in a store file.</summary>
    public const string RecipientFileSet = "Recipient" + CrossedStoreSets.File;

    /// <summary>One recipient of emailed challenges (-To), on a server.</summary>
    public const string RecipientServerSet = "Recipient" + CrossedStoreSets.Server;

    /// <summary>Gets the subject to filter on, or null for all.</summary>
    /// <param name="accountId">The -AccountId value (null outside the account sets).</param>
    /// <param name="to">The -To value (null outside the recipient sets).</param>
    /// <returns>The normalised subject, or null.</returns>
    public static string? Resolve(string? accountId, string? to) =>
        accountId is not null ? OtpAuthenticator.NormalizeAccountId(accountId)
        : to is not null ? ChallengeService.NormalizeRecipient(to)
        : null;
}
