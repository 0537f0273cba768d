using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Creates a shared secret for an authenticator from the CSPRNG.</summary>
[Cmdlet(VerbsCommon.New, "OtpSecret")]
[OutputType(typeof(OtpSecret))]
public sealed class NewOtpSecretCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the HMAC algorithm the secret is for: SHA1, SHA256 or SHA512.</summary>
    [Parameter(Position = 0)]
    [ValidateSet(nameof(OtpAlgorithm.SHA1), nameof(OtpAlgorithm.SHA256), nameof(OtpAlgorithm.SHA512), IgnoreCase = true)]
    public string Algorithm { get; set; } = nameof(OtpAlgorithm.SHA1);

    /// <summary>Gets or sets the length in bytes; the default is the HMAC output size (20, 32 or 64).</summary>
    [Parameter]
    [ValidateRange(1, OtpSecret.MaximumLength)]
    public int Length { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            var algorithm = EngineEnum.Parse<OtpAlgorithm>(Algorithm);
            bool lengthGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Length));
            WriteObject(OtpSecret.Create(algorithm, lengthGiven ? Length : null));
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }
    }
}
