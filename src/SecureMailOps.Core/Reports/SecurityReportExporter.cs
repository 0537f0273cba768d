using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Writes every format asked for in one pass over the findings: each finding goes to the summary
/// accumulator and to each format's writer as it arrives, and is not kept. <see cref="Complete"/>
/// writes the summaries and moves all files into place; disposing without it removes every
/// temporary file, so a failed run leaves no report behind, half-written or not.
/// </summary>
public sealed class SecurityReportExporter : IDisposable
{
    private readonly List<IReportWriter> _writers = new();
    private readonly ReportSummaryBuilder _summary;
    private readonly ReportOptions _options;
    private readonly DriftBaseline? _baseline;
    private readonly Dictionary<PolicyRule, ReportRule> _rules = new();
    private readonly ReportItem _item = new();
    private ReportRule? _lastRule;
    private bool _completed;

    /// <summary>Opens the report files (as temporary files) and reads the baseline.</summary>
    /// <param name="targets">The files and their formats.</param>
    /// <param name="options">Title, baseline and limits.</param>
    /// <exception cref="SecureMailOpsException">Two targets name the same file, a folder is missing, or the baseline cannot be read.</exception>
    public SecurityReportExporter(IEnumerable<ReportTarget> targets, ReportOptions options)
        : this(targets, options, Create)
    {
    }

    /// <summary>Opens the report files through <paramref name="create"/> (tests give writers that fail on purpose).</summary>
    /// <param name="targets">The files and their formats.</param>
    /// <param name="options">Title, baseline and limits.</param>
    /// <param name="create">Makes the writer of one target.</param>
    internal SecurityReportExporter(IEnumerable<ReportTarget> targets, ReportOptions options, Func<ReportTarget, ReportOptions, IReportWriter> create)
    {
        if (targets is null)
        {
            throw new ArgumentNullException(nameof(targets));
        }

        _options = options ?? throw new ArgumentNullException(nameof(options));
        _summary = new ReportSummaryBuilder { Title = options.Title, Clock = options.Clock };
        List<ReportTarget> list = targets.ToList();
        var duplicate = list.GroupBy(t => Path.GetFullPath(t.Path), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SecureMailOpsException(ReportErrorIds.DuplicatePath, FailureKind.InvalidArgument,
                "Two formats (" + string.Join(", ", duplicate.Select(t => t.Format)) + ") would be written to the same file '" + duplicate.Key + "'.", duplicate.Key);
        }

        _baseline = options.BaselinePath is null ? null : DriftBaseline.Load(options.BaselinePath);
        try
        {
            foreach (ReportTarget target in list)
            {
                _writers.Add(create(target, _options));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the number of findings added.</summary>
    public long Count => _summary.Count;

    /// <summary>Gets the files, in the order given.</summary>
    public IReadOnlyList<ReportTarget> Targets => _writers.Select(w => w.Target).ToList();

    /// <summary>Adds one finding to the summary and to every format.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Its drift status (None without a baseline).</returns>
    public DriftStatus Add(PolicyFinding finding)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        DriftStatus drift = _baseline?.Classify(finding) ?? DriftStatus.None;
        _summary.Add(finding, drift);
        if (_writers.Count == 0)
        {
            return drift;
        }

        _item.Set(finding, RuleOf(finding.Rule), drift);
        try
        {
            foreach (IReportWriter writer in _writers)
            {
                writer.Write(_item);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw AtomicFile.WriteFailed(_writers[0].Target.Path, ex);
        }

        return drift;
    }

    /// <summary>Writes the summary into every format and moves the files into place.</summary>
    /// <returns>The summary.</returns>
    /// <exception cref="SecureMailOpsException">A file could not be written.</exception>
    public SecurityReportSummary Complete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The report is already complete.");
        }

        _completed = true;
        foreach (IReportWriter writer in _writers)
        {
            foreach (string note in writer.Notes)
            {
                _summary.AddNote(note);
            }
        }

        SecurityReportSummary summary = _summary.Build(_options.ToolName, _options.ToolVersion ?? ToolInfo.Version, _baseline);

        // The formats finish side by side: by now the evaluation is over and its core idle, and finishing is the
        // one part of a report nothing else overlaps (the JSON report writes a line per target, 100,000 of them
        // for 100,000 accounts). Each writer has its own file and only reads the summary. A failure is reported
        // for the first writer, in order, that failed.
        var failures = new Exception?[_writers.Count];
        Parallel.For(0, _writers.Count, i =>
        {
            try
            {
                _writers[i].Finish(summary);
            }
            catch (Exception ex)
            {
                failures[i] = ex;
            }
        });

        for (int i = 0; i < failures.Length; i++)
        {
            if (failures[i] is IOException or UnauthorizedAccessException)
            {
                throw AtomicFile.WriteFailed(_writers[i].Target.Path, failures[i]!);
            }

            if (failures[i] is not null)
            {
                ExceptionDispatchInfo.Capture(failures[i]!).Throw();
            }
        }

        foreach (IReportWriter writer in _writers)
        {
            writer.Commit();
        }

        return summary;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IReportWriter writer in _writers)
        {
            writer.Dispose();
        }

        _writers.Clear();
    }

    private ReportRule RuleOf(PolicyRule rule)
    {
        if (_lastRule is not null && ReferenceEquals(_lastRule.Rule, rule))
        {
            return _lastRule;
        }

        if (!_rules.TryGetValue(rule, out _lastRule))
        {
            _lastRule = new ReportRule(rule);
            _rules.Add(rule, _lastRule);
        }

        return _lastRule;
    }

    /// <summary>Makes the writer of one target's format.</summary>
    internal static IReportWriter Create(ReportTarget target, ReportOptions options) => target.Format switch
    {
        ReportFormat.Html => new HtmlReportWriter(target, options),
        ReportFormat.Markdown => new MarkdownReportWriter(target, options),
        ReportFormat.JUnit => new JUnitReportWriter(target, options),
        ReportFormat.Sarif => new SarifReportWriter(target, options),
        ReportFormat.Json => new JsonReportWriter(target, options),
        _ => new CsvReportWriter(target, options),
    };
}
