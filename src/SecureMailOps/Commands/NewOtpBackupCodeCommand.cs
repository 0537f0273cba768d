using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Issues a new set of single-use backup codes for an account, revoking the previous set.</summary>
[Cmdlet(VerbsCommon.New, "OtpBackupCode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(OtpBackupCode))]
public sealed class NewOtpBackupCodeCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the account.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets how many codes to issue.</summary>
    [Parameter]
    [ValidateRange(1, OtpAuthenticator.MaximumBackupCodes)]
    public int Count { get; set; } = 10;

    /// <summary>Gets or sets the state store file; see about_SecureMailOps for the default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets a PostgreSQL connection string or postgresql:// URI of a shared store (instead of -StorePath).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>Gets or sets the credential whose password the shared store's server gets.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(AccountId, $"Issue {Count} backup codes and revoke the account's earlier ones"))
        {
            return;
        }

        try
        {
            var authenticator = new OtpAuthenticator(StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential));
            foreach (OtpBackupCode code in authenticator.IssueBackupCodes(AccountId, Count))
            {
                WriteObject(code);
            }
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, AccountId);
        }
    }
}
