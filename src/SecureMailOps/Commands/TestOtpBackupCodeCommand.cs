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
[Cmdlet(VerbsDiagnostic.Test, "OtpBackupCode")]
[OutputType(typeof(OtpBackupCodeResult), typeof(bool))]
public sealed class TestOtpBackupCodeCommand : SecureMailOpsCmdlet
{
    private IStateStore? _store;

    /// <summary>Gets or sets the account.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets the backup code, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

    /// <summary>Gets or sets the consecutive failures that lock the account.</summary>
    [Parameter]
    [ValidateRange(1, OtpLockoutPolicy.MaximumMaxFailures)]
    public int MaxFailures { get; set; } = OtpLockoutPolicy.DefaultMaxFailures;

    /// <summary>Gets or sets how long a lock-out lasts.</summary>
    [Parameter]
    public TimeSpan LockoutDuration { get; set; } = OtpLockoutPolicy.DefaultLockoutDuration;

    /// <summary>Gets or sets the state store file; see about_SecureMailOps for the default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets a value indicating whether to return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        char[] chars = SecureStringReader.ToChars(Code);
        try
        {
            _store ??= StateStoreHost.Open(this, StorePath);
            var authenticator = new OtpAuthenticator(_store, null, new OtpLockoutPolicy(MaxFailures, LockoutDuration));
            OtpBackupCodeResult result = authenticator.VerifyBackupCode(AccountId, chars);
            WriteVerbose($"Backup code check for '{result.AccountId}': {result.Reason}, {result.Remaining} left.");
            if (Quiet.IsPresent)
            {
                WriteObject(result.Valid);
            }
            else
            {
                WriteObject(result);
            }
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
