using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Lists the 17 practices with the rules (of the baseline or given policies) and the cmdlets that cover each.</summary>
[Cmdlet(VerbsCommon.Get, "SecurityPractice")]
[OutputType(typeof(SecurityPractice))]
public sealed class GetSecurityPracticeCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the practice numbers to list (all when omitted).</summary>
    [Parameter(Position = 0)]
    [ValidateRange(1, 17)]
    public int[]? Number { get; set; }

    /// <summary>Gets or sets the policies whose rules count as coverage; the shipped baseline when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public SecurityPolicy[]? Policy { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        IReadOnlyList<SecurityPolicy> policies;
        try
        {
            policies = Policy ?? PolicyPaths.LoadBaseline();
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
            return;
        }

        var available = new HashSet<string>(ExportedCmdlets(), StringComparer.OrdinalIgnoreCase);
        foreach (SecurityPractice practice in PracticeCatalog.Build(policies, available))
        {
            if (Number is null || Number.Contains(practice.Number))
            {
                WriteObject(practice);
            }
        }
    }

    private IEnumerable<string> ExportedCmdlets()
    {
        PSModuleInfo? module = MyInvocation.MyCommand.Module;
        if (module is not null && module.ExportedCmdlets.Count > 0)
        {
            return module.ExportedCmdlets.Keys;
        }

        // Imported without its manifest: every cmdlet the assembly defines.
        return typeof(GetSecurityPracticeCommand).Assembly.GetExportedTypes()
            .Select(t => t.GetCustomAttributes(typeof(CmdletAttribute), false).OfType<CmdletAttribute>().FirstOrDefault())
            .Where(a => a is not null)
            .Select(a => a!.VerbName + "-" + a.NounName);
    }
}
