using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Consumes a backup code: accepted once, refused after; failures count towards the account's lock-out.</summary>
/// <remarks>No ShouldProcess, for the reason given on <see cref="TestOtpCodeCommand"/>.</remarks>
[Cmdlet(VerbsDiagnostic.Test, "OtpBackupCode", DefaultParameterSetName = StoreParameters.PathSet)]
[OutputType(typeof(OtpBackupCodeResult), typeof(bool))]
public sealed class TestOtpBackupCodeCommand : OtpVerificationCmdlet
{
    /// <summary>Initializes a new instance of the <see cref="TestOtpBackupCodeCommand"/> class.</summary>
    public TestOtpBackupCodeCommand()
        : base(hasOwnSets: false)
    {
    }

    /// <summary>Gets or sets the account.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets the backup code, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

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
