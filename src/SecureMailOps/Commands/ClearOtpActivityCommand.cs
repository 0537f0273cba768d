using System;
using System.Globalization;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Deletes activity-log entries older than a time: the log's retention, which the store never applies on its own.</summary>
[Cmdlet(VerbsCommon.Clear, "OtpActivity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ActivitySubject.AllSet)]
[OutputType(typeof(int))]
public sealed class ClearOtpActivityCommand : SecureMailOpsCmdlet, IDynamicParameters
{
    private readonly StoreParameters _storeParameters = new(cmdletHasOwnSets: true);

    /// <summary>Gets or sets the cut-off: entries strictly before it are deleted.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTimeOffset Before { get; set; }

    /// <summary>Gets or sets the account whose entries to delete (all subjects when omitted).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets the recipient whose emailed-challenge entries to delete.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string To { get; set; } = null!;

    /// <summary>Gets or sets a value indicating whether to output how many entries were deleted.</summary>
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
            string? subject = ActivitySubject.Resolve(ParameterSetName, AccountId, To);
            string cutOff = Before.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            string who = subject ?? "every account and recipient";
            if (!ShouldProcess($"{who} in {_storeParameters.Describe(this)}", $"Delete activity entries from before {cutOff}"))
            {
                return;
            }

            // Opened only now: a -WhatIf run must not create or migrate a store file.
            int deleted = _storeParameters.Open(this).DeleteActivity(Before, subject);
            WriteVerbose($"Deleted {deleted} activity entr{(deleted == 1 ? "y" : "ies")} from before {cutOff} for {who}.");
            if (PassThru.IsPresent)
            {
                WriteObject(deleted);
            }
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, (object?)AccountId ?? To);
        }
    }
}
