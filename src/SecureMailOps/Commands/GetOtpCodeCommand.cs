using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Computes the current (or a given) TOTP code, or an HOTP code for a counter.</summary>
[Cmdlet(VerbsCommon.Get, "OtpCode", DefaultParameterSetName = TotpSet)]
[OutputType(typeof(OtpCode))]
public sealed class GetOtpCodeCommand : SecureMailOpsCmdlet
{
    private const string TotpSet = "Totp";
    private const string HotpSet = "Hotp";

    /// <summary>Gets or sets the shared secret (Base32), as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Secret { get; set; } = null!;

    /// <summary>Gets or sets a value indicating whether to compute an HOTP (counter-based) code.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HotpSet)]
    public SwitchParameter Hotp { get; set; }

    /// <summary>Gets or sets the HOTP counter.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HotpSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long Counter { get; set; }

    /// <summary>Gets or sets the time to compute the TOTP code for; now when omitted.</summary>
    [Parameter(ParameterSetName = TotpSet)]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Gets or sets the HMAC algorithm: SHA1, SHA256 or SHA512.</summary>
    /// <remarks>
    /// A string, not the engine's enum: a value-type field from the engine would make PowerShell load
    /// the engine while it scans this assembly, before the module's load context is in place.
    /// </remarks>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(OtpAlgorithm.SHA1), nameof(OtpAlgorithm.SHA256), nameof(OtpAlgorithm.SHA512), IgnoreCase = true)]
    public string Algorithm { get; set; } = nameof(OtpAlgorithm.SHA1);

    /// <summary>Gets or sets the number of digits.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(OtpGenerator.MinimumDigits, OtpGenerator.MaximumDigits)]
    public int Digits { get; set; } = 6;

    /// <summary>Gets or sets the TOTP time step in seconds.</summary>
    [Parameter(ParameterSetName = TotpSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 86400)]
    public int Period { get; set; } = 30;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        byte[]? key = null;
        try
        {
            key = OtpSecretReader.DecodeKey(Secret);
            var algorithm = EngineEnum.Parse<OtpAlgorithm>(Algorithm);
            OtpCode code = Hotp.IsPresent
                ? OtpGenerator.ComputeHotp(key, Counter, algorithm, Digits)
                : OtpGenerator.ComputeTotp(key, Time ?? DateTimeOffset.UtcNow, algorithm, Digits, Period);
            WriteObject(code);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
        }
        finally
        {
            if (key is not null)
            {
                Array.Clear(key, 0, key.Length);
            }
        }
    }
}
