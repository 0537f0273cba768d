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
    /// <summary>Gets the -ChallengeKey value: the key codes are hashed with (a string or SecureString of at least 32 bytes), or null.</summary>
    public SecureString? ChallengeKey => Value<SecureString>(nameof(ChallengeKey));

    /// <summary>Gets the -ChallengeKeyPath value: a key file (at least 32 bytes, created owner-only with random bytes when missing) instead of the one beside the store, or null.</summary>
    public string? ChallengeKeyPath => Value<string>(nameof(ChallengeKeyPath));

    /// <summary>Opens the store and the challenge service over it, with the challenge key resolved.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <returns>The service.</returns>
    public ChallengeService OpenChallengeService(PSCmdlet cmdlet) =>
        StateStoreHost.OpenChallengeService(cmdlet, Open(cmdlet), ChallengeKey, ChallengeKeyPath);

    /// <inheritdoc />
    protected override void AddParameters()
    {
        Add(nameof(ChallengeKey), typeof(SecureString), new ParameterAttribute(), new SecretTransformationAttribute());
        Add(nameof(ChallengeKeyPath), typeof(string), new ParameterAttribute(), new ValidateNotNullOrEmptyAttribute());
    }
}
