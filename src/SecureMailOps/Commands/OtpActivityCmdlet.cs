using System.Management.Automation;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Base for Get-OtpActivity and Clear-OtpActivity: the store parameters crossed with their shared
/// sets (every subject, one account, one recipient; see <see cref="CrossedStoreSets"/>).
/// </summary>
public abstract class OtpActivityCmdlet : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the state store file (else SECUREMAILOPS_STORE, else the default file).</summary>
    [Parameter(ParameterSetName = ActivitySubject.AllFileSet)]
    [Parameter(ParameterSetName = ActivitySubject.AccountFileSet)]
    [Parameter(ParameterSetName = ActivitySubject.RecipientFileSet)]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets the PostgreSQL store: a connection string or postgresql:// URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AllServerSet)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.AccountServerSet)]
    [Parameter(Mandatory = true, ParameterSetName = ActivitySubject.RecipientServerSet)]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>Gets or sets the credential whose password the PostgreSQL server gets.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <summary>Opens the store the parameters name (or the session's open one).</summary>
    /// <returns>The store.</returns>
    protected IStateStore OpenStore() => StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential);

    /// <summary>Describes the store without opening it (for -WhatIf messages), never with a password.</summary>
    /// <returns>The description.</returns>
    protected string DescribeStore() => StateStoreHost.Describe(this, StorePath, StoreConnectionString);
}
