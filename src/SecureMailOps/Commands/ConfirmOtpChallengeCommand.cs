using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Challenges;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Checks the code a user typed against an emailed challenge; exactly one confirmation can succeed.</summary>
/// <remarks>
/// No ShouldProcess, as for Test-OtpCode: counting the attempt is what confirming is. A -WhatIf run
/// that skipped the record would let a caller try codes without using up attempts.
/// </remarks>
[Cmdlet(VerbsLifecycle.Confirm, "OtpChallenge")]
[OutputType(typeof(ChallengeConfirmation), typeof(bool))]
public sealed class ConfirmOtpChallengeCommand : SecureMailOpsCmdlet
{
    private IStateStore? _store;

    /// <summary>Gets or sets the challenge id returned by Send-OtpChallenge.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ChallengeId { get; set; } = null!;

    /// <summary>Gets or sets the code the user typed, as a string or SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecretTransformation]
    [ValidateNotNull]
    public SecureString Code { get; set; } = null!;

    /// <summary>Gets or sets the purpose the caller expects the code to be for.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the state store file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StorePath { get; set; }

    /// <summary>Gets or sets a value indicating whether to return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        char[] code = SecureStringReader.ToChars(Code);
        try
        {
            _store ??= StateStoreHost.Open(this, StorePath);
            ChallengeConfirmation result = new ChallengeService(_store).Confirm(ChallengeId, code, Purpose);
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
