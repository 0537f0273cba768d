using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Challenges;

namespace SecureMailOps.Hosting;

/// <summary>
/// The store parameters of the emailed-challenge cmdlets (Send-OtpChallenge, Confirm-OtpChallenge):
/// the store's, plus the challenge key codes are hashed with, which must be the same on every worker.
/// </summary>
public sealed class ChallengeStoreParameters : StoreParameters
{
    /// <summary>Gets or sets the key codes are hashed with, as a string or SecureString of at least 32 bytes.</summary>
    [Parameter]
    [SecretTransformation]
    public SecureString? ChallengeKey { get; set; }

    /// <summary>Gets or sets a key file (at least 32 bytes, created owner-only with random bytes when missing) instead of the one beside the store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ChallengeKeyPath { get; set; }

    /// <summary>Opens the store and the challenge service over it, with the challenge key resolved.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <returns>The service.</returns>
    public ChallengeService OpenChallengeService(PSCmdlet cmdlet) =>
        StateStoreHost.OpenChallengeService(cmdlet, this);
}
