using System.Management.Automation;
using SecureMailOps.Core.State;

namespace SecureMailOps.Hosting;

/// <summary>
/// The store parameters every cmdlet over the state store shares (-StorePath, -StoreConnectionString,
/// -StoreCredential), declared once and offered by each such cmdlet as its dynamic parameters: the
/// cmdlets derive from different bases (Send-OtpChallenge is an async mail cmdlet), so a base class
/// could not carry them to all of them.
/// </summary>
public class StoreParameters
{
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

    /// <summary>Opens the store these parameters name (or the session's open one).</summary>
    /// <param name="cmdlet">The calling cmdlet, to resolve a PowerShell path against its location.</param>
    /// <returns>The store.</returns>
    public IStateStore Open(PSCmdlet cmdlet) => StateStoreHost.Open(cmdlet, StorePath, StoreConnectionString, StoreCredential);

    /// <summary>Describes the store without opening it (for -WhatIf messages), never with a password.</summary>
    /// <param name="cmdlet">The calling cmdlet.</param>
    /// <returns>The description.</returns>
    public string Describe(PSCmdlet cmdlet) => StateStoreHost.Describe(cmdlet, StorePath, StoreConnectionString);
}
