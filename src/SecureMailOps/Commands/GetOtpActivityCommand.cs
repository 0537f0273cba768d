using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Reads the activity log: OTP and backup-code successes, failures, replays and lock-outs, and emailed challenges.</summary>
[Cmdlet(VerbsCommon.Get, "OtpActivity", DefaultParameterSetName = ActivitySubject.AllFileSet)]
[OutputType(typeof(ActivityEntry))]
public sealed class GetOtpActivityCommand : OtpActivityCmdlet
{
    /// <summary>Gets or sets the account whose TOTP, HOTP and backup-code activity to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountFileSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountServerSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? AccountId { get; set; }

    /// <summary>Gets or sets the recipient whose emailed-challenge activity to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientFileSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientServerSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Gets or sets the earliest time to include.</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Gets or sets the most entries to return (newest first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = 1000;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string? subject = ActivitySubject.Resolve(AccountId, To);
            IStateStore store = OpenStore();
            foreach (ActivityEntry entry in store.GetActivity(subject, Since, First))
            {
                WriteObject(entry);
            }
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, (object?)AccountId ?? To);
        }
    }
}
