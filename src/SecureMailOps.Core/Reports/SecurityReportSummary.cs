using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// The one summary every report format renders: counts by outcome, severity, practice (all 17),
/// rule and target; the policies and their versions; the inventory files; the evaluation time; the
/// waivers (expired ones marked); and, with a baseline, the drift since it.
/// </summary>
public sealed class SecurityReportSummary
{
    [JsonConstructor]
    internal SecurityReportSummary(
        string title,
        DateTimeOffset generatedAt,
        DateTimeOffset? asOf,
        string toolName,
        string toolVersion,
        OutcomeCounts counts,
        IReadOnlyList<SeveritySummary> bySeverity,
        IReadOnlyList<PracticeSummary> byPractice,
        IReadOnlyList<RuleSummary> rules,
        IReadOnlyList<TargetSummary> targets,
        IReadOnlyList<PolicySummary> policies,
        IReadOnlyList<InventorySourceSummary> sources,
        IReadOnlyList<WaiverSummary> waivers,
        DriftSummary? drift,
        IReadOnlyList<string> notes)
    {
        Title = title;
        GeneratedAt = generatedAt;
        AsOf = asOf;
        ToolName = toolName;
        ToolVersion = toolVersion;
        Counts = counts;
        BySeverity = bySeverity;
        ByPractice = byPractice;
        Rules = rules;
        Targets = targets;
        Policies = policies;
        Sources = sources;
        Waivers = waivers;
        Drift = drift;
        Notes = notes;
    }

    /// <summary>Gets the report's title.</summary>
    public string Title { get; }

    /// <summary>Gets when the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>Gets the time the policies were evaluated as of, or null when there were no findings.</summary>
    public DateTimeOffset? AsOf { get; }

    /// <summary>Gets the name of the tool that made the report.</summary>
    public string ToolName { get; }

    /// <summary>Gets the tool's semantic version.</summary>
    public string ToolVersion { get; }

    /// <summary>Gets the counts by outcome over all findings.</summary>
    public OutcomeCounts Counts { get; }

    /// <summary>Gets the counts by severity, Critical first.</summary>
    public IReadOnlyList<SeveritySummary> BySeverity { get; }

    /// <summary>Gets the counts for each of the 17 practices, in order, including those no rule checked.</summary>
    public IReadOnlyList<PracticeSummary> ByPractice { get; }

    /// <summary>Gets the rules that produced findings, by policy then rule id.</summary>
    public IReadOnlyList<RuleSummary> Rules { get; }

    /// <summary>Gets every record evaluated with its counts, most failures first.</summary>
    public IReadOnlyList<TargetSummary> Targets { get; }

    /// <summary>Gets the policies whose rules produced findings.</summary>
    public IReadOnlyList<PolicySummary> Policies { get; }

    /// <summary>Gets the inventory files (and the pipeline) the records came from.</summary>
    public IReadOnlyList<InventorySourceSummary> Sources { get; }

    /// <summary>Gets the waivers that applied or had expired.</summary>
    public IReadOnlyList<WaiverSummary> Waivers { get; }

    /// <summary>Gets the drift since the baseline, or null without one.</summary>
    public DriftSummary? Drift { get; }

    /// <summary>Gets notes about the report itself (for example where a format was cut at its size limit).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Gets the number of records with at least one failure or error.</summary>
    [JsonIgnore]
    public int FailingTargetCount => Targets.Count(t => t.Counts.Failing > 0);

    /// <summary>Gets the waivers that had expired at the evaluation time.</summary>
    [JsonIgnore]
    public IReadOnlyList<WaiverSummary> ExpiredWaivers => Waivers.Where(w => w.Expired).ToList();

    /// <inheritdoc />
    public override string ToString() => Title + ": " + Counts;

    /// <summary>Copies the summary with more notes (the writers add theirs when they finish).</summary>
    /// <param name="notes">The notes to add.</param>
    /// <returns>The copy.</returns>
    internal SecurityReportSummary WithNotes(IEnumerable<string> notes) =>
        new(Title, GeneratedAt, AsOf, ToolName, ToolVersion, Counts, BySeverity, ByPractice, Rules, Targets, Policies, Sources, Waivers, Drift, Notes.Concat(notes).ToList());
}
