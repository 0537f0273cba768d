using System;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Reads the activity log: OTP and backup-code successes, failures, replays and lock-outs, and emailed challenges.</summary>
[Cmdlet(VerbsCommon.Get, "OtpActivity", DefaultParameterSetName = ActivitySubject.AllSet)]
[OutputType(typeof(ActivityEntry))]
public sealed class GetOtpActivityCommand : SecureMailOpsCmdlet, IDynamicParameters
{
    private readonly StoreParameters _storeParameters = new(cmdletHasOwnSets: true);

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

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="StoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            string? subject = ActivitySubject.Resolve(ParameterSetName, AccountId, To);
            IStateStore store = _storeParameters.Open(this);
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
