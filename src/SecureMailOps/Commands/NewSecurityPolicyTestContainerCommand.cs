using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;

namespace SecureMailOps.Commands;

/// <summary>
/// Returns the Pester container for the module's policy test script with its data (inventory paths,
/// kind, policies, waivers, parameters, evaluation time), so Invoke-Pester runs one test per rule and
/// record. Needs Pester 5 or later loaded.
/// </summary>
[Cmdlet(VerbsCommon.New, "SecurityPolicyTestContainer")]
[OutputType("Pester.ContainerInfo")]
public sealed class NewSecurityPolicyTestContainerCommand : SecureMailOpsCmdlet
{
    /// <summary>The test script shipped beside the manifest.</summary>
    public const string ScriptName = "SecureMailOps.Policy.Tests.ps1";

    /// <summary>Gets or sets the inventory files to evaluate.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>Gets or sets the kind of records that carry no kind field.</summary>
    [Parameter]
    [ValidateSet(nameof(TargetKind.Account), nameof(TargetKind.Device), nameof(TargetKind.Connection), IgnoreCase = true)]
    public string? Kind { get; set; }

    /// <summary>Gets or sets the policy files or folders (the shipped baseline when omitted).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Policy { get; set; }

    /// <summary>Gets or sets waiver files.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Waiver { get; set; }

    /// <summary>Gets or sets policy parameter overrides.</summary>
    [Parameter]
    [ValidateNotNull]
#pragma warning disable CA2227 // PowerShell binds parameters through the setter.
    public Hashtable? Parameter { get; set; }
#pragma warning restore CA2227

    /// <summary>Gets or sets the time to evaluate as of.</summary>
    [Parameter]
    public System.DateTimeOffset? AsOf { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        CommandInfo? command = InvokeCommand.GetCommand("New-PesterContainer", CommandTypes.Function | CommandTypes.Cmdlet);
        if (command?.Module is null || command.Module.Version.Major < 5)
        {
            ThrowEngineError(new SecureMailOpsException(ReportErrorIds.PesterMissing, FailureKind.ObjectNotFound,
                "New-SecurityPolicyTestContainer needs Pester 5 or later loaded: Import-Module Pester -MinimumVersion 5.0 first."));
            return;
        }

        string script = System.IO.Path.Combine(MyInvocation.MyCommand.Module?.ModuleBase ?? System.IO.Path.GetDirectoryName(typeof(NewSecurityPolicyTestContainerCommand).Assembly.Location) ?? ".", ScriptName);
        var data = new Hashtable
        {
            ["Path"] = Resolve(Path),
        };
        if (Kind is not null)
        {
            data["Kind"] = Kind;
        }

        if (Policy is not null)
        {
            data["Policy"] = Resolve(Policy).Cast<object>().ToArray();
        }

        if (Waiver is not null)
        {
            data["Waiver"] = Resolve(Waiver);
        }

        if (Parameter is not null)
        {
            data["Parameter"] = Parameter;
        }

        if (AsOf is not null)
        {
            data["AsOf"] = AsOf.Value;
        }

        var create = ScriptBlock.Create("param($script, $data) New-PesterContainer -Path $script -Data $data");
        foreach (PSObject container in InvokeCommand.InvokeScript(false, create, null, script, data))
        {
            WriteObject(container);
        }
    }

    private string[] Resolve(IEnumerable<string> paths) =>
        paths.Select(p => SessionState.Path.GetUnresolvedProviderPathFromPSPath(p)).ToArray();
}
