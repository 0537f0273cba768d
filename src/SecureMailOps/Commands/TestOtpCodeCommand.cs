using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Verifies a TOTP or HOTP code in constant time; with -AccountId, single use, HOTP counter
/// tracking and lock-out are enforced through the state store.
/// </summary>
/// <remarks>
/// No ShouldProcess: recording the attempt is what verification is; a -WhatIf run that skipped the
/// record would let a caller test codes without counting failures.
/// Each set (TOTP, HOTP, HOTP resynchronisation) is crossed with the two store sets; see
/// <see cref="CrossedStoreSets"/> for why -Secret and -Code are declared per set.
/// </remarks>
[Cmdlet(VerbsDiagnostic.Test, "OtpCode", DefaultParameterSetName = TotpFile)]
[OutputType(typeof(OtpVerificationResult), typeof(bool))]
public sealed class TestOtpCodeCommand : OtpVerificationCmdlet
{
    private const string TotpFile = "Totp" + CrossedStoreSets.File;
    private const string TotpServer = "Totp" + CrossedStoreSets.Server;
    private const string HotpFile = "Hotp" + CrossedStoreSets.File;
    private const string HotpServer = "Hotp" + CrossedStoreSets.Server;
    private const string ResyncFile = "HotpResync" + CrossedStoreSets.File;
    private const string ResyncServer = "HotpResync" + CrossedStoreSets.Server;

    /// <summary>Gets or sets the shared secret (Base32), as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = HotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = HotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ResyncFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ResyncServer, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Secret { get; set; } = null!;

    /// <summary>Gets or sets the code to verify.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = TotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = TotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = HotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = HotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ResyncFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ResyncServer, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Code { get; set; } = null!;

    /// <summary>Gets or sets the account whose state (used steps, counter, failures) applies.</summary>
    [Parameter(ParameterSetName = TotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = TotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = HotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = HotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ResyncFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ResyncServer, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AccountId { get; set; }

    /// <summary>Gets or sets the TOTP steps accepted each side of now.</summary>
    [Parameter(ParameterSetName = TotpFile)]
    [Parameter(ParameterSetName = TotpServer)]
    [ValidateRange(0, OtpVerifier.MaximumWindow)]
    public int Window { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether the code is an HOTP (counter-based) code.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HotpFile)]
    [Parameter(Mandatory = true, ParameterSetName = HotpServer)]
    public SwitchParameter Hotp { get; set; }

    /// <summary>Gets or sets a value indicating whether to resynchronise an HOTP counter with two consecutive codes (-Code, then -NextCode).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResyncFile)]
    [Parameter(Mandatory = true, ParameterSetName = ResyncServer)]
    public SwitchParameter Resynchronize { get; set; }

    /// <summary>Gets or sets the code the token shows right after -Code (resynchronisation).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResyncFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ResyncServer, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string NextCode { get; set; } = null!;

    /// <summary>Gets or sets how many counters a resynchronisation searches.</summary>
    [Parameter(ParameterSetName = ResyncFile)]
    [Parameter(ParameterSetName = ResyncServer)]
    [ValidateRange(1, OtpAuthenticator.MaximumResyncWindow)]
    public int ResyncWindow { get; set; } = OtpAuthenticator.DefaultResyncWindow;

    /// <summary>Gets or sets the HOTP counter expected next.</summary>
    [Parameter(ParameterSetName = HotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = HotpServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ResyncFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ResyncServer, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, long.MaxValue)]
    public long Counter { get; set; }

    /// <summary>Gets or sets how many counters past the expected one are accepted.</summary>
    [Parameter(ParameterSetName = HotpFile)]
    [Parameter(ParameterSetName = HotpServer)]
    [ValidateRange(0, OtpVerifier.MaximumLookAhead)]
    public int LookAhead { get; set; } = 10;

    /// <summary>Gets or sets the HMAC algorithm: SHA1, SHA256 or SHA512.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(OtpAlgorithm.SHA1), nameof(OtpAlgorithm.SHA256), nameof(OtpAlgorithm.SHA512), IgnoreCase = true)]
    public string Algorithm { get; set; } = nameof(OtpAlgorithm.SHA1);

    /// <summary>Gets or sets the number of digits.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(OtpGenerator.MinimumDigits, OtpGenerator.MaximumDigits)]
    public int Digits { get; set; } = 6;

    /// <summary>Gets or sets the TOTP time step in seconds.</summary>
    [Parameter(ParameterSetName = TotpFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = TotpServer, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 86400)]
    public int Period { get; set; } = 30;

    /// <summary>Gets or sets the state store file (else SECUREMAILOPS_STORE, else the default file).</summary>
    [Parameter(ParameterSetName = TotpFile)]
    [Parameter(ParameterSetName = HotpFile)]
    [Parameter(ParameterSetName = ResyncFile)]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets the PostgreSQL store: a connection string or postgresql:// URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TotpServer)]
    [Parameter(Mandatory = true, ParameterSetName = HotpServer)]
    [Parameter(Mandatory = true, ParameterSetName = ResyncServer)]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>Gets or sets the credential whose password the PostgreSQL server gets.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <inheritdoc />
    protected override IStateStore OpenStore() => StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        byte[]? key = null;
        try
        {
            var algorithm = EngineEnum.Parse<OtpAlgorithm>(Algorithm);
            OtpAuthenticator authenticator = CreateAuthenticator(AccountId is not null);
            key = OtpSecretReader.DecodeKey(Secret);
            OtpVerificationResult result = Resynchronize.IsPresent
                ? authenticator.ResynchronizeHotp(key, Code, NextCode, Counter, ResyncWindow, algorithm, Digits, AccountId!)
                : Hotp.IsPresent
                ? authenticator.VerifyHotp(key, Code, Counter, LookAhead, algorithm, Digits, AccountId)
                : authenticator.VerifyTotp(key, Code, algorithm, Digits, Period, Window, AccountId);
            WriteVerbose($"OTP check for '{result.AccountId ?? "(no account)"}': {result.Reason}.");
            WriteResult(result, result.Valid);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, AccountId);
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
