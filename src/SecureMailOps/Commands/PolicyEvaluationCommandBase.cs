using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Sources;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// What Invoke-SecurityPolicy and Assert-SecurityPolicy share: the policies (the baseline by default),
/// parameters, waivers and evaluation time are compiled once in BeginProcessing; pipeline objects are
/// converted and evaluated one at a time; inventory files are streamed. Each finding goes to
/// <see cref="OnFinding"/>.
/// </summary>
public abstract class PolicyEvaluationCommandBase : SecureMailOpsCmdlet
{
    private readonly List<PolicyFinding> _buffer = new();
    private PolicyEvaluator? _evaluator;
    private ProgressReporter? _pipelineProgress;
    private long _pipelineCount;
    private bool[]? _wantedOutcomes;

    // Records of inventory sources (from the pipeline, or from several files) wait here to be merged per
    // account and device; records in the native contract, and one source file on its own, stream.
    private InventoryMerger? _merger;

    /// <summary>Gets or sets the policies to evaluate: objects from Get-SecurityPolicy, or policy files and folders (loaded by the same strict loader); the shipped baseline when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [PolicyTransformation]
    public SecurityPolicy[]? Policy { get; set; }

    /// <summary>Gets or sets the records to evaluate: inventory records, PSCustomObjects, hashtables or any object with properties.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>Gets or sets inventory files to evaluate (YAML, JSON, JSON Lines, CSV).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Gets or sets the kind of records that carry no kind field.</summary>
    [Parameter]
    [ValidateSet(nameof(TargetKind.Account), nameof(TargetKind.Device), nameof(TargetKind.Connection), IgnoreCase = true)]
    public string? Kind { get; set; }

    /// <summary>Gets or sets the inventory source to read the files (one for all, or one per -Path entry) and pipeline objects as; recognised by shape when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateInventorySource]
    [ArgumentCompleter(typeof(InventorySourceCompleter))]
    public string[]? Source { get; set; }

    /// <summary>Gets or sets parameter overrides, by name.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Parameter { get; set; }

    /// <summary>Gets or sets waiver files (SecurityWaivers documents, or policies whose waivers apply).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Waiver { get; set; }

    /// <summary>Gets or sets the time to evaluate as of (date rules and waiver expiry); now when omitted.</summary>
    [Parameter]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Limits the findings passed to <see cref="OnFinding"/> to some outcomes (the others are never created).</summary>
    /// <param name="wanted">Indexed by outcome: true for the outcomes to pass on.</param>
    protected void LimitOutcomes(bool[] wanted) => _wantedOutcomes = wanted;

    /// <summary>Gets a value indicating whether the findings' reasons are built on the read-ahead worker (for callers that write every reason).</summary>
    protected virtual bool ExplainFindingsAhead => false;

    /// <summary>Handles one finding.</summary>
    /// <param name="finding">The finding.</param>
    protected abstract void OnFinding(PolicyFinding finding);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            IReadOnlyCollection<SecurityPolicy> policies = Policy ?? (IReadOnlyCollection<SecurityPolicy>)PolicyPaths.LoadBaseline();
            var waivers = new List<PolicyWaiver>();
            if (Waiver is not null)
            {
                foreach (string file in PolicyLoader.ExpandPaths(PolicyPaths.Resolve(this, Waiver, PolicyErrorIds.PathNotFound)))
                {
                    waivers.AddRange(PolicyLoader.LoadFile(file).SelectMany(p => p.Waivers));
                }
            }

            _evaluator = PolicyEvaluator.Compile(policies, ToDictionary(Parameter), waivers, AsOf ?? DateTimeOffset.UtcNow);
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Compiled {0} rules from {1} policies, as of {2:o}.", _evaluator.RuleCount, policies.Count, _evaluator.AsOf));
            FlushWarnings();
        }
        catch (SecureMailOpsException ex)
        {
            ThrowEngineError(ex);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        _pipelineCount++;
        InventoryRecord record;
        try
        {
            record = RecordConverter.ToRecord(InputObject, ParseKind(), "input #" + _pipelineCount.ToString(CultureInfo.InvariantCulture), PipelineSource());
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex, InputObject);
            return;
        }

        if (record.InventorySources.Count > 0 || record.Provenance.Count > 1)
        {
            // Several Import-SecurityInventory outputs piped together merge into one record per account.
            (_merger ??= new InventoryMerger()).Add(record);
        }
        else
        {
            Evaluate(record);
        }

        _pipelineProgress ??= new ProgressReporter(this, 2, MyInvocation.MyCommand.Name, "pipeline input");
        if (_pipelineProgress.IsDue(_pipelineCount))
        {
            _pipelineProgress.Report(0, 0, _pipelineCount.ToString("N0", CultureInfo.InvariantCulture) + " records evaluated");
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        _pipelineProgress?.Complete();
        if (Path is not null)
        {
            EvaluateFiles(Path);
        }

        if (_merger is not null)
        {
            foreach (PolicyWarning warning in _merger.TakeWarnings())
            {
                WritePolicyWarning(warning);
            }

            IReadOnlyList<InventoryRecord> merged = _merger.Merge();
            foreach (PolicyWarning warning in _merger.TakeWarnings())
            {
                WritePolicyWarning(warning);
            }

            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Merged the inventory sources' records into {0} records.", merged.Count));
            foreach (InventoryRecord record in merged)
            {
                Evaluate(record);
            }
        }
    }

    private void EvaluateFiles(string[] paths)
    {
        List<InventoryInput> files;
        try
        {
            files = InventoryInput.Resolve(this, paths, Source);
        }
        catch (SecureMailOpsException ex)
        {
            WriteEngineError(ex);
            return;
        }

        // Several files (or files beside source records from the pipeline) merge; one file streams.
        if (files.Count > 1)
        {
            _merger ??= new InventoryMerger();
        }

        foreach (InventoryInput input in files)
        {
            string file = input.File;
            try
            {
                // Only the fields the policies and the sources read are built (the others are checked, not converted).
                using InventoryReader reader = InventoryReader.Open(file, ParseKind(), input.Source, _evaluator!.FieldsRead);
                var progress = new ProgressReporter(this, 3, MyInvocation.MyCommand.Name, file);

                // Parsing and evaluation run on a worker thread, ahead of the output on this one.
                using InventoryReadAhead ahead = _evaluator!.EvaluateAhead(reader, _wantedOutcomes, _merger, ExplainFindingsAhead);
                while (ahead.TryTake(out object? item))
                {
                    switch (item)
                    {
                        case PolicyFinding finding:
                            OnFinding(finding);
                            break;
                        case SecureMailOpsException error:
                            WriteEngineError(error);
                            break;
                        case PolicyWarning warning:
                            WritePolicyWarning(warning);
                            break;
                        case null when progress.IsDue():
                            // A batch starts: a chance to report, even when its records gave no output.
                            progress.Report(ahead.Position, reader.Length, ahead.RecordsRead.ToString("N0", CultureInfo.InvariantCulture) + " records evaluated");
                            break;
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

        foreach (SecureMailOpsException error in InventoryInput.CheckPages(files))
        {
            WriteEngineError(error);
        }
    }

    private void Evaluate(InventoryRecord record)
    {
        _buffer.Clear();
        _evaluator!.Evaluate(record, _buffer, _wantedOutcomes);
        foreach (PolicyFinding finding in _buffer)
        {
            OnFinding(finding);
        }

        FlushWarnings();
    }

    /// <summary>
    /// Writes a warning, and for one with a stable id (<see cref="PolicyErrorIds"/>) also an InformationRecord
    /// whose MessageData is the <see cref="PolicyWarning"/> (Id, Message) and whose tags are <c>SecureMailOps</c>,
    /// <c>Warning</c> and the id: a Cmdlet can only write a warning's text (the WarningRecord with an id is not
    /// public API), so scripts filter on the information stream (<c>-InformationVariable</c>, <c>Tags</c>).
    /// </summary>
    private void WritePolicyWarning(PolicyWarning warning)
    {
        WriteWarning(warning.Message);
        if (warning.Id is not null)
        {
            WriteInformation(warning, new[] { WarningTags.Module, WarningTags.Warning, warning.Id });
        }
    }

    private void FlushWarnings()
    {
        foreach (string warning in _evaluator!.TakeWarnings())
        {
            WriteWarning(warning);
        }
    }

    private string? PipelineSource()
    {
        if (Source is null)
        {
            return null;
        }

        if (Source.Length == 1)
        {
            return Source[0];
        }

        if (Path is null)
        {
            throw new SecureMailOpsException(PolicyErrorIds.InventorySource, FailureKind.InvalidArgument,
                "-Source has " + Source.Length.ToString(CultureInfo.InvariantCulture) + " names and there is no -Path to pair them with; give one -Source for the pipeline objects.", Source);
        }

        return null;
    }

    private TargetKind? ParseKind() => Kind is null ? null : EngineEnum.Parse<TargetKind>(Kind);

    private static Dictionary<string, object?>? ToDictionary(Hashtable? table)
    {
        if (table is null)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in table)
        {
            object? value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
            if (value is object[] array)
            {
                value = array.Select(v => v is PSObject p ? p.BaseObject : v).ToList();
            }

            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = value;
        }

        return result;
    }
}
