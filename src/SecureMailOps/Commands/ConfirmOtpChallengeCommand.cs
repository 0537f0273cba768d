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
/// that skipped the record would let a caller try codes without using up attempts.
/// </remarks>
[Cmdlet(VerbsLifecycle.Confirm, "OtpChallenge", DefaultParameterSetName = PurposeSet)]
[OutputType(typeof(ChallengeConfirmation), typeof(bool))]
public sealed class ConfirmOtpChallengeCommand : SecureMailOpsCmdlet, IDynamicParameters
{
    private const string PurposeSet = "Purpose";
    private const string AnyPurposeSet = "AnyPurpose";
    private readonly ChallengeStoreParameters _storeParameters = new(cmdletHasOwnSets: true);
    private ChallengeService? _service;

    /// <summary>Gets or sets the challenge id returned by Send-OtpChallenge.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ChallengeId { get; set; } = null!;

    /// <summary>Gets or sets the code the user typed, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

    /// <summary>Gets or sets the purpose the caller expects the code to be for (required: a code confirms only for its purpose).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PurposeSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Purpose { get; set; }

    /// <summary>Gets or sets a value indicating whether to accept the code whatever purpose it was issued for.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AnyPurposeSet)]
    public SwitchParameter AnyPurpose { get; set; }

    /// <summary>Gets or sets a value indicating whether to return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Gets the store parameters (shared by every store cmdlet; see <see cref="ChallengeStoreParameters"/>).</summary>
    /// <returns>The parameter object PowerShell binds -StorePath, -StoreConnectionString and the rest to.</returns>
    public object GetDynamicParameters() => _storeParameters.GetDynamicParameters();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        char[] code = SecureStringReader.ToChars(Code);
        try
        {
            _service ??= _storeParameters.OpenChallengeService(this);

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
