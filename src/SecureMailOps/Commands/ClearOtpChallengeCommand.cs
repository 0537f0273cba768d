using System.Management.Automation;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Deletes emailed challenges: the ones that can no longer be used, or all of a recipient's, or all.</summary>
[Cmdlet(VerbsCommon.Clear, "OtpChallenge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = StoreParameters.PathSet)]
[OutputType(typeof(int))]
public sealed class ClearOtpChallengeCommand : SecureMailOpsCmdlet, IDynamicParameters
{
    private readonly StoreParameters _storeParameters = new();

    /// <summary>Gets or sets a value indicating whether to delete only expired, used and burned challenges.</summary>
    [Parameter]
    public SwitchParameter Expired { get; set; }

    /// <summary>Gets or sets the recipient whose challenges to delete.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Gets or sets a value indicating whether to output how many challenges were deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="StoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string who = To is null ? "every recipient" : ChallengeService.NormalizeRecipient(To);
            string what = Expired.IsPresent ? "expired, used and burned challenges" : "all challenges, usable ones included";
            if (!ShouldProcess($"{who} in {_storeParameters.Describe(this)}", $"Delete {what}"))
            {
                return;
            }

            // Opened only now: a -WhatIf run must not create or migrate a store file.
            int deleted = new ChallengeService(_storeParameters.Open(this)).Clear(To, Expired.IsPresent);
            WriteVerbose($"Deleted {deleted} challenge(s) for {who}.");
            if (PassThru.IsPresent)
            {
                WriteObject(deleted);
            }
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, To);
        }
    }
}
