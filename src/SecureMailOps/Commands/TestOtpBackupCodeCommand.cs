using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Consumes a backup code: accepted once, refused after; failures count towards the account's lock-out.</summary>
/// <remarks>No ShouldProcess, for the reason given on <see cref="TestOtpCodeCommand"/>.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "OtpBackupCode", DefaultParameterSetName = StoreParameters.PathSet)]
[OutputType(typeof(OtpBackupCodeResult), typeof(bool))]
public sealed class TestOtpBackupCodeCommand : OtpVerificationCmdlet, IDynamicParameters
{
    private readonly StoreParameters _storeParameters = new();

    /// <summary>Gets or sets the account.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets the backup code, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="StoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override IStateStore OpenStore() => _storeParameters.Open(this);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        char[] chars = SecureStringReader.ToChars(Code);
        try
        {
            OtpAuthenticator authenticator = CreateAuthenticator(true);
            OtpBackupCodeResult result = authenticator.VerifyBackupCode(AccountId, chars);
            WriteVerbose($"Backup code check for '{result.AccountId}': {result.Reason}, {result.Remaining} left.");
            WriteResult(result, result.Valid);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, AccountId);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
