using System.Collections.Generic;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Loads and validates policy files (or the shipped baseline) and returns one object per policy document.</summary>
[Cmdlet(VerbsCommon.Get, "SecurityPolicy")]
[OutputType(typeof(SecurityPolicy))]
public sealed class GetSecurityPolicyCommand : SecureMailOpsCmdlet
{
    private readonly List<SecurityPolicy> _loaded = new();

    /// <summary>Gets or sets policy files or folders (a folder gives its *.yaml and *.yml files); the shipped baseline when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        IReadOnlyList<string> files;
        try
        {
            files = PolicyLoader.ExpandPaths(Path is null ? new[] { PolicyPaths.BaselineDirectory } : PolicyPaths.Resolve(this, Path, PolicyErrorIds.PathNotFound));
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
            return;
        }

        foreach (string file in files)
        {
            try
            {
                IReadOnlyList<SecurityPolicy> policies = PolicyLoader.LoadFile(file);
                _loaded.AddRange(policies);
                WriteObject(policies, enumerateCollection: true);
            }
            catch (PolicyLoadException ex)
            {
                foreach (PolicyLoadError error in ex.Errors)
                {
                    WriteEngineError(new SecureMailOpsException(error.ErrorId, error.Kind, error.Message, error.File));
                }
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Rule ids must be unique across everything loaded together, not only within a file.
        var seenFiles = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (PolicyLoadError error in PolicyLoader.FindDuplicateRuleIds(_loaded))
        {
            if (error.File is null || seenFiles.Add(error.File + ":" + error.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                WriteEngineError(new SecureMailOpsException(error.ErrorId, error.Kind, error.Message, error.File));
            }
        }
    }
}
