using System;
using System.Globalization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// One finding as every format sees it, worked out once by the exporter and handed to each writer in
/// turn: its rule's pre-encoded fragments, its drift, and its place (file and line) read once per
/// record, since a record's findings share their source text. One instance is reused for every
/// finding, so nothing is held after the writers are done with it.
/// </summary>
internal sealed class ReportItem
{
    private string? _lastSource;
    private SourceLocation _location;
    private string _lineText = string.Empty;

    /// <summary>Gets the finding.</summary>
    public PolicyFinding Finding { get; private set; } = null!;

    /// <summary>Gets the rule's fragments.</summary>
    public ReportRule Rule { get; private set; } = null!;

    /// <summary>Gets the outcome.</summary>
    public FindingOutcome Outcome { get; private set; }

    /// <summary>Gets the drift status (None without a baseline).</summary>
    public DriftStatus Drift { get; private set; }

    /// <summary>Gets the finding's source text (file:line), or null for pipeline objects.</summary>
    public string? Source { get; private set; }

    /// <summary>Gets the inventory file, or null.</summary>
    public string? File => _location.File;

    /// <summary>Gets the line (1-based), or 0 when unknown.</summary>
    public int Line => _location.Line;

    /// <summary>Gets the line as text, or an empty string when unknown.</summary>
    public string LineText => _lineText;

    /// <summary>Gets the reason, or an empty string for a pass (whose reason is never built).</summary>
    public string Reason => Outcome == FindingOutcome.Pass ? string.Empty : Finding.Reason;

    /// <summary>Gets a value indicating whether the finding is a failure or an error.</summary>
    public bool Failing => Outcome is FindingOutcome.Fail or FindingOutcome.Error;

    /// <summary>
    /// Whether the formats that list problems (JSON, CSV, HTML) list this finding: failures, errors and
    /// waived findings, and findings fixed since the baseline; passes and not-applicable ones too when asked.
    /// </summary>
    /// <param name="includePass">Whether every finding is listed.</param>
    /// <returns>True to list it.</returns>
    public bool IsListed(bool includePass) =>
        includePass || Outcome is FindingOutcome.Fail or FindingOutcome.Error or FindingOutcome.Waived || Drift == DriftStatus.Fixed;

    /// <summary>Points the item at the next finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="rule">Its rule's fragments.</param>
    /// <param name="drift">Its drift status.</param>
    public void Set(PolicyFinding finding, ReportRule rule, DriftStatus drift)
    {
        Finding = finding ?? throw new ArgumentNullException(nameof(finding));
        Rule = rule;
        Outcome = finding.Outcome;
        Drift = drift;
        string? source = finding.TargetSource;
        Source = source;
        if (!ReferenceEquals(source, _lastSource))
        {
            _lastSource = source;
            SourceLocation location = SourceLocation.Parse(source);

            // The records of one file share its name: keep the previous string rather than a new copy.
            _location = location.File is not null && _location.File is not null && string.Equals(location.File, _location.File, StringComparison.Ordinal)
                ? new SourceLocation(_location.File, location.Line)
                : location;
            _lineText = location.Line > 0 ? location.Line.ToString(CultureInfo.InvariantCulture) : string.Empty;
        }
    }
}
