using System;
using System.Globalization;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Deletes activity-log entries older than a time: the log's retention, which the store never applies on its own.</summary>
[Cmdlet(VerbsCommon.Clear, "OtpActivity", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ActivitySubject.AllFileSet)]
[OutputType(typeof(int))]
public sealed class ClearOtpActivityCommand : OtpActivityCmdlet
{
    /// <summary>Gets or sets the cut-off: entries strictly before it are deleted.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTimeOffset Before { get; set; }

    /// <summary>Gets or sets the account whose entries to delete (all subjects when omitted).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountFileSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountServerSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AccountId { get; set; }

    /// <summary>Gets or sets the recipient whose emailed-challenge entries to delete.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientFileSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientServerSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Gets or sets a value indicating whether to output how many entries were deleted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string? subject = ActivitySubject.Resolve(AccountId, To);
            string cutOff = Before.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            string who = subject ?? "every account and recipient";
            if (!ShouldProcess($"{who} in {DescribeStore()}", $"Delete activity entries from before {cutOff}"))
            {
                return;
            }

            // Opened only now: a -WhatIf run must not create or migrate a store file.
            int deleted = OpenStore().DeleteActivity(Before, subject);
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
