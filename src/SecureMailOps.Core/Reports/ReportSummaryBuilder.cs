using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Core.Reports;

/// <summary>
/// Accumulates findings into a <see cref="SecurityReportSummary"/> as they stream past: counts only,
/// no finding is kept. Not thread-safe.
/// </summary>
public sealed class ReportSummaryBuilder
{
    private const int SeverityCount = 5;
    private static readonly IReadOnlyList<SecurityPractice> PracticeTitles = PracticeCatalog.Build(Array.Empty<SecurityPolicy>(), Array.Empty<string>());

    private readonly OutcomeCounts _counts = new();
    private readonly OutcomeCounts[] _bySeverity = NewCounts(SeverityCount);
    private readonly OutcomeCounts[] _byPractice = NewCounts(PracticeCatalog.Count + 1);
    private readonly long[,] _practiceFailing = new long[PracticeCatalog.Count + 1, SeverityCount];
    private readonly Dictionary<PolicyRule, RuleState> _rules = new();
    private readonly Dictionary<TargetKey, TargetState> _targets = new();
    private readonly Dictionary<string, SourceState> _sourceFindings = new(StringComparer.Ordinal);
    private readonly Dictionary<PolicyWaiver, WaiverState> _waivers = new();
    private readonly long[] _drift = new long[5];
    private readonly List<string> _notes = new();
    private DateTimeOffset? _asOf;
    private PolicyRule? _lastRule;
    private RuleState? _lastRuleState;
    private string? _lastPlace;
    private SourceState? _lastSourceState;
    private string? _lastTargetName;
    private TargetKind _lastTargetKind;
    private TargetState? _lastTarget;

    /// <summary>Gets or sets the report's title.</summary>
    public string Title { get; set; } = "Security policy report";

    /// <summary>Gets or sets the clock (tests pin it).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Gets the number of findings added.</summary>
    public long Count => _counts.Total;

    /// <summary>Counts one finding.</summary>
    /// <param name="finding">The finding.</param>
    public void Add(PolicyFinding finding) => Add(finding, DriftStatus.None);

    /// <summary>Counts one finding with its drift status.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="drift">How it compares with the baseline.</param>
    public void Add(PolicyFinding finding, DriftStatus drift)
    {
        if (finding is null)
        {
            throw new ArgumentNullException(nameof(finding));
        }

        FindingOutcome outcome = finding.Outcome;
        _asOf ??= finding.AsOf;

        // Findings come rule after rule for each record: the last rule's state is usually the one wanted.
        PolicyRule rule = finding.Rule;
        if (_lastRuleState is null || !ReferenceEquals(rule, _lastRule))
        {
            if (!_rules.TryGetValue(rule, out _lastRuleState))
            {
                _lastRuleState = new RuleState(rule, _byPractice.Length);
                _rules.Add(rule, _lastRuleState);
            }

            _lastRule = rule;
        }

        RuleState state = _lastRuleState;
        _counts.Add(outcome);
        _bySeverity[state.Severity].Add(outcome);
        bool failing = outcome is FindingOutcome.Fail or FindingOutcome.Error;
        foreach (int practice in state.Practices)
        {
            _byPractice[practice].Add(outcome);
            if (failing)
            {
                _practiceFailing[practice, state.Severity]++;
            }
        }

        state.Counts.Add(outcome);

        // A record's findings come one after another, with the same place and name strings (the record's own):
        // the place is parsed and the target looked up once per record, not once per finding.
        string? place = finding.TargetSource;
        if (_lastSourceState is null || !ReferenceEquals(place, _lastPlace))
        {
            string source = SourceLocation.Parse(place).File ?? InventorySourceSummary.Pipeline;
            if (!_sourceFindings.TryGetValue(source, out _lastSourceState))
            {
                _lastSourceState = new SourceState(source);
                _sourceFindings.Add(source, _lastSourceState);
            }

            _lastPlace = place;
        }

        string name = finding.TargetName;
        TargetKind kind = finding.TargetKind;
        if (_lastTarget is null || !ReferenceEquals(name, _lastTargetName) || kind != _lastTargetKind)
        {
            var key = new TargetKey(kind, name);
            if (!_targets.TryGetValue(key, out _lastTarget))
            {
                _lastTarget = new TargetState(_lastSourceState!.Source);
                _targets.Add(key, _lastTarget);
            }

            _lastTargetName = name;
            _lastTargetKind = kind;
        }

        _lastTarget.Counts.Add(outcome);
        _lastSourceState!.Findings++;

        if (finding.Waiver is not null)
        {
            if (!_waivers.TryGetValue(finding.Waiver, out WaiverState? waiver))
            {
                waiver = new WaiverState();
                _waivers.Add(finding.Waiver, waiver);
            }

            waiver.Findings++;
            waiver.Expired |= outcome != FindingOutcome.Waived;
        }

        _drift[(int)drift]++;
    }

    /// <summary>Adds a note the summary shows (for example that a format was cut).</summary>
    /// <param name="note">The note.</param>
    public void AddNote(string note) => _notes.Add(note ?? throw new ArgumentNullException(nameof(note)));

    /// <summary>Builds the summary of everything added so far, naming this engine and its version.</summary>
    /// <returns>The summary.</returns>
    public SecurityReportSummary Build() => Build("SecureMailOps", ToolInfo.Version, null);

    /// <summary>Builds the summary of everything added so far.</summary>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="toolVersion">The tool's version.</param>
    /// <param name="drift">The baseline comparison, or null.</param>
    /// <returns>The summary.</returns>
    public SecurityReportSummary Build(string toolName, string toolVersion, DriftBaseline? drift)
    {
        var bySeverity = Enumerable.Range(0, SeverityCount).Reverse()
            .Select(s => new SeveritySummary((Severity)s, _bySeverity[s])).ToList();
        var byPractice = PracticeTitles.Select(p => new PracticeSummary(
            p.Number,
            p.Title,
            _byPractice[p.Number],
            Enumerable.Range(0, SeverityCount).Select(s => _practiceFailing[p.Number, s]).ToArray())).ToList();
        var rules = _rules
            .OrderBy(r => r.Key.PolicyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Key.Id, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RuleSummary(r.Key.Id, r.Key.Title, r.Key.Description, r.Key.PolicyName, r.Key.Severity, r.Key.Practices, r.Key.Remediation, r.Key.References, r.Key.Path, r.Key.Line, r.Value.Counts))
            .ToList();

        // Most failing first, then by kind and name: one array sort with one comparison, for the 100,000 targets
        // of 100,000 accounts (it runs after the evaluation, with nothing to overlap it). Keys are unique, so an
        // unstable sort gives the one order the ordered LINQ chain gave.
        var ordered = _targets.ToArray();
        Array.Sort(ordered, CompareTargets);
        var targets = ordered.Select(t => new TargetSummary(t.Key.Kind, t.Key.Name, t.Value.Counts)).ToList();
        var policies = _rules.Keys
            .GroupBy(r => r.PolicyName, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PolicySummary(g.Key, g.First().PolicyVersion, g.First().Path, g.Count()))
            .ToList();
        var targetsBySource = _targets.Values.GroupBy(t => t.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var sources = _sourceFindings
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new InventorySourceSummary(s.Key, targetsBySource[s.Key], s.Value.Findings))
            .ToList();
        var waivers = _waivers
            .OrderBy(w => w.Key.RuleId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(w => w.Key.Target, StringComparer.OrdinalIgnoreCase)
            .Select(w => new WaiverSummary(w.Key.RuleId, w.Key.Target, w.Key.Reason, w.Key.Expires, w.Value.Expired, w.Value.Findings, w.Key.Path, w.Key.Line))
            .ToList();
        DriftSummary? driftSummary = drift is null ? null : new DriftSummary(
            drift.Path,
            drift.GeneratedAt,
            _drift[(int)DriftStatus.New],
            _drift[(int)DriftStatus.Fixed] + drift.GoneFailing,
            _drift[(int)DriftStatus.StillFailing],
            _drift[(int)DriftStatus.Unchanged],
            drift.Gone);
        return new SecurityReportSummary(Title, Clock(), _asOf, toolName, toolVersion, _counts, bySeverity, byPractice, rules, targets, policies, sources, waivers, driftSummary, _notes.ToList());
    }

    private static int CompareTargets(KeyValuePair<TargetKey, TargetState> a, KeyValuePair<TargetKey, TargetState> b)
    {
        int byFailing = b.Value.Counts.Failing.CompareTo(a.Value.Counts.Failing);
        if (byFailing != 0)
        {
            return byFailing;
        }

        int byKind = ((int)a.Key.Kind).CompareTo((int)b.Key.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Key.Name, b.Key.Name);
    }

    private static OutcomeCounts[] NewCounts(int n)
    {
        var counts = new OutcomeCounts[n];
        for (int i = 0; i < n; i++)
        {
            counts[i] = new OutcomeCounts();
        }

        return counts;
    }

    private readonly struct TargetKey : IEquatable<TargetKey>
    {
        public TargetKey(TargetKind kind, string name)
        {
            Kind = kind;
            Name = name;
        }

        public TargetKind Kind { get; }

        public string Name { get; }

        public bool Equals(TargetKey other) => Kind == other.Kind && string.Equals(Name, other.Name, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is TargetKey other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ (int)Kind;
    }

    private sealed class TargetState
    {
        public TargetState(string source) => Source = source;

        public string Source { get; }

        public OutcomeCounts Counts { get; } = new();
    }

    /// <summary>A rule's counts, and what counting its findings needs of it: the practices it checks that the catalog has, its severity.</summary>
    private sealed class RuleState
    {
        public RuleState(PolicyRule rule, int practiceSlots)
        {
            Severity = (int)rule.Severity;
            Practices = rule.Practices.Where(p => p > 0 && p < practiceSlots).ToArray();
        }

        public int Severity { get; }

        public int[] Practices { get; }

        public OutcomeCounts Counts { get; } = new();
    }

    private sealed class SourceState
    {
        public SourceState(string source) => Source = source;

        public string Source { get; }

        public long Findings { get; set; }
    }

    private sealed class WaiverState
    {
        public long Findings { get; set; }

        public bool Expired { get; set; }
    }
}
