using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Reads the activity log: OTP and backup-code successes, failures, replays and lock-outs, and emailed challenges.</summary>
[Cmdlet(VerbsCommon.Get, "OtpActivity", DefaultParameterSetName = ActivitySubject.AllSet)]
[OutputType(typeof(ActivityEntry))]
public sealed class GetOtpActivityCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the account whose TOTP, HOTP and backup-code activity to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string AccountId { get; set; } = null!;

    /// <summary>Gets or sets the recipient whose emailed-challenge activity to read.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string To { get; set; } = null!;

    /// <summary>Gets or sets the earliest time to include.</summary>
    [Parameter]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Gets or sets the most entries to return (newest first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = 1000;

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

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string? subject = ActivitySubject.Resolve(ParameterSetName, AccountId, To);
            IStateStore store = StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential);
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
