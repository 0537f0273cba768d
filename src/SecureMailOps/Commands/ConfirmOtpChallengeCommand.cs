using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Checks the code a user typed against an emailed challenge; exactly one confirmation can succeed.</summary>
/// <remarks>
/// No ShouldProcess, as for Test-OtpCode: counting the attempt is what confirming is. A -WhatIf run
/// that skipped the record would let a caller try codes without using up attempts. The two sets
/// (-Purpose, -AnyPurpose) are crossed with the two store sets; see <see cref="CrossedStoreSets"/>
/// for why -ChallengeId and -Code are declared per set.
/// </remarks>
[Cmdlet(VerbsLifecycle.Confirm, "OtpChallenge", DefaultParameterSetName = PurposeFile)]
[OutputType(typeof(ChallengeConfirmation), typeof(bool))]
public sealed class ConfirmOtpChallengeCommand : SecureMailOpsCmdlet
{
    private const string PurposeFile = "Purpose" + CrossedStoreSets.File;
    private const string PurposeServer = "Purpose" + CrossedStoreSets.Server;
    private const string AnyFile = "AnyPurpose" + CrossedStoreSets.File;
    private const string AnyServer = "AnyPurpose" + CrossedStoreSets.Server;
    private ChallengeService? _service;

    /// <summary>Gets or sets the challenge id returned by Send-OtpChallenge.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PurposeFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PurposeServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AnyFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AnyServer, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ChallengeId { get; set; } = null!;

    /// <summary>Gets or sets the code the user typed, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PurposeFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PurposeServer, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = AnyFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = AnyServer, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

    /// <summary>Gets or sets the purpose the caller expects the code to be for (required: a code confirms only for its purpose).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PurposeFile, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, ParameterSetName = PurposeServer, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Purpose { get; set; }

    /// <summary>Gets or sets a value indicating whether to accept the code whatever purpose it was issued for.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AnyFile)]
    [Parameter(Mandatory = true, ParameterSetName = AnyServer)]
    public SwitchParameter AnyPurpose { get; set; }

    /// <summary>Gets or sets a value indicating whether to return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Gets or sets the state store file (else SECUREMAILOPS_STORE, else the default file).</summary>
    [Parameter(ParameterSetName = PurposeFile)]
    [Parameter(ParameterSetName = AnyFile)]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets the PostgreSQL store: a connection string or postgresql:// URI.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PurposeServer)]
    [Parameter(Mandatory = true, ParameterSetName = AnyServer)]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>Gets or sets the credential whose password the PostgreSQL server gets.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <summary>Gets or sets the key codes are hashed with (a string or SecureString of at least 32 bytes), instead of the key file.</summary>
    [Parameter]
    [SecretTransformation]
    public SecureString? ChallengeKey { get; set; }

    /// <summary>Gets or sets a key file (at least 32 bytes, created owner-only with random bytes when missing) instead of the one beside the store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ChallengeKeyPath { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        char[] code = SecureStringReader.ToChars(Code);
        try
        {
            _service ??= StateStoreHost.OpenChallengeService(this, StateStoreHost.Open(this, StorePath, StoreConnectionString, StoreCredential), ChallengeKey, ChallengeKeyPath);

            ChallengeConfirmation result = AnyPurpose.IsPresent ? _service.ConfirmAnyPurpose(ChallengeId, code) : _service.Confirm(ChallengeId, code, Purpose!);
            WriteVerbose($"Challenge {result.ChallengeId}: {result.Reason}, {result.AttemptsRemaining} attempts left.");
            WriteObject(Quiet.IsPresent ? result.Valid : result);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, ChallengeId);
        }
        finally
        {
            Array.Clear(code, 0, code.Length);
        }
    }
}
