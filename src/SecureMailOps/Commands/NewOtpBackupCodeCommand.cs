using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Issues a new set of single-use backup codes for an account, revoking the previous set.</summary>
[Cmdlet(VerbsCommon.New, "OtpBackupCode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = StoreParameters.PathSet)]
[OutputType(typeof(OtpBackupCode))]
public sealed class NewOtpBackupCodeCommand : SecureMailOpsCmdlet, IDynamicParameters
{
    private readonly StoreParameters _storeParameters = new();

    /// <summary>Gets or sets the account.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets how many codes to issue.</summary>
    [Parameter]
    [ValidateRange(1, OtpAuthenticator.MaximumBackupCodes)]
    public int Count { get; set; } = 10;

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="StoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!ShouldProcess(AccountId, $"Issue {Count} backup codes and revoke the account's earlier ones"))
        {
            return;
        }

        try
        {
            var authenticator = new OtpAuthenticator(_storeParameters.Open(this));
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
