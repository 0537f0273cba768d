using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Inventory;
using SecureMailOps.Core.Policies.Sources;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Reads inventory records (YAML, JSON, JSON Lines, CSV), streaming them one at a time.</summary>
[Cmdlet(VerbsData.Import, "SecurityInventory")]
[OutputType(typeof(InventoryRecord))]
public sealed class ImportSecurityInventoryCommand : SecureMailOpsCmdlet
{
    /// <summary>Gets or sets the inventory files.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    /// <summary>Gets or sets the kind of records that carry no kind field.</summary>
    [Parameter]
    [ValidateSet(nameof(TargetKind.Account), nameof(TargetKind.Device), nameof(TargetKind.Connection), IgnoreCase = true)]
    public string? Kind { get; set; }

    /// <summary>Gets or sets the inventory source to read the files as (one for all, or one per -Path entry); recognised by shape when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateInventorySource]
    [ArgumentCompleter(typeof(InventorySourceCompleter))]
    public string[]? Source { get; set; }

    private readonly GraphPageChain _named = GraphPageChain.ForNamedFiles();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        List<InventoryInput> files;
        try
        {
            files = InventoryInput.Resolve(this, Path, Source, _named);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
            return;
        }

        TargetKind? kind = Kind is null ? null : EngineEnum.Parse<TargetKind>(Kind);
        foreach (InventoryInput input in files)
        {
            string file = input.File;
            try
            {
                using InventoryReader reader = InventoryReader.Open(file, kind, input.Source);
                var progress = new ProgressReporter(this, 1, "Import-SecurityInventory", file);
                long count = 0;
                foreach (InventoryRecord record in reader.ReadRecords(error => WriteEngineError(error)))
                {
                    WriteObject(record);
                    count++;
                    if (progress.IsDue(count))
                    {
                        progress.Report(reader.Position, reader.Length, count.ToString("N0", CultureInfo.InvariantCulture) + " records read");
                    }
                }

                progress.Complete();
                input.Pages?.Add(reader);
            }
            catch (SecureMailOpsException ex)
            {
                WriteEngineError(ex);
            }
        }

        foreach (SecureMailOpsException error in InventoryInput.CheckPages(files, _named))
        {
            WriteEngineError(error);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        // Files piped in one at a time (Get-ChildItem page-*.json | Import-SecurityInventory) are pages of one
        // response together: a page that links to more is an error only if no file of the whole pipeline ends it.
        foreach (SecureMailOpsException error in _named.Check())
        {
            WriteEngineError(error);
        }
    }
}
