using System.Management.Automation;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Deletes emailed challenges: the ones that can no longer be used, or all of a recipient's, or all.</summary>
[Cmdlet(VerbsCommon.Clear, "OtpChallenge", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(int))]
public sealed class ClearOtpChallengeCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets a value indicating whether to delete only expired, used and burned challenges.</summary>
    [Parameter]
    public SwitchParameter Expired { get; set; }

    /// <summary>Gets or sets the recipient whose challenges to delete.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Gets or sets the state store file.</summary>
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

    /// <summary>Gets or sets a value indicating whether to output how many challenges were deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string who = To is null ? "every recipient" : ChallengeService.NormalizeRecipient(To);
            string what = Expired.IsPresent ? "expired, used and burned challenges" : "all challenges, usable ones included";
            if (!ShouldProcess($"{who} in {StateStoreHost.Describe(this, StorePath, StoreConnectionString)}", $"Delete {what}"))
            {
                return;
            }

            // Opened only now: a -WhatIf run must not create or migrate a store file.
            int deleted = new ChallengeService(StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential)).Clear(To, Expired.IsPresent);
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
