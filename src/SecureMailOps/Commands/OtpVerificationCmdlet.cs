using System;
using System.Management.Automation;
using SecureMailOps.Core.Otp;
using SecureMailOps.Core.State;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Base for the cmdlets that verify codes against the state store (Test-OtpCode,
/// Test-OtpBackupCode): the shared lock-out, store and -Quiet parameters, and one store per
/// invocation however many records are piped in. Each cmdlet declares its store parameters: dynamic
/// ones on Test-OtpBackupCode, static ones crossed with its own sets on Test-OtpCode (see
/// <see cref="CrossedStoreSets"/>).
/// </summary>
public abstract class OtpVerificationCmdlet : SecureMailOpsCmdlet
{
    private IStateStore? _store;

    /// <summary>Gets or sets the consecutive failures that lock the account.</summary>
    [Parameter]
    [ValidateRange(1, OtpLockoutPolicy.MaximumMaxFailures)]
    public int MaxFailures { get; set; } = OtpLockoutPolicy.DefaultMaxFailures;

    /// <summary>Gets or sets how long the first lock-out lasts (each repeated one lasts twice as long).</summary>
    [Parameter]
    public TimeSpan LockoutDuration { get; set; } = OtpLockoutPolicy.DefaultLockoutDuration;

    /// <summary>Gets or sets the longest a repeated lock-out grows to.</summary>
    [Parameter]
    public TimeSpan MaxLockoutDuration { get; set; } = OtpLockoutPolicy.DefaultMaximumLockoutDuration;

    /// <summary>Gets or sets a value indicating whether to return only $true or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>Creates the authenticator for this record, opening the store once when it is needed.</summary>
    /// <param name="needsStore">Whether the check is stateful.</param>
    /// <returns>The authenticator.</returns>
    protected OtpAuthenticator CreateAuthenticator(bool needsStore)
    {
        if (needsStore)
        {
            _store ??= OpenStore();
        }

        return new OtpAuthenticator(needsStore ? _store : null, null, new OtpLockoutPolicy(MaxFailures, LockoutDuration, MyInvocation.BoundParameters.ContainsKey(nameof(MaxLockoutDuration)) ? MaxLockoutDuration : null));
    }

    /// <summary>Opens the store the cmdlet's store parameters name (or the session's open one).</summary>
    /// <returns>The store.</returns>
    protected abstract IStateStore OpenStore();

    /// <summary>Writes the result object, or only whether it was valid under -Quiet.</summary>
    /// <param name="result">The result.</param>
    /// <param name="valid">Whether it was valid.</param>
    protected void WriteResult(object result, bool valid) => WriteObject(Quiet.IsPresent ? valid : result);
}
