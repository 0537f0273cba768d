using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// Policies compiled for one evaluation: parameters resolved, operands typed, regexes built and rules
/// grouped by target kind, so evaluating a record is a walk over delegates with no parsing or look-up
/// of the policy text. Not thread-safe: use one per pipeline.
/// </summary>
public sealed class PolicyEvaluator
{
    private readonly CompiledRule[][] _rulesByKind;
    private readonly Queue<string> _warnings = new();
    private readonly HashSet<string> _warned = new(StringComparer.OrdinalIgnoreCase);

    private PolicyEvaluator(CompiledRule[][] rulesByKind, DateTimeOffset asOf, IEnumerable<string> warnings)
    {
        _rulesByKind = rulesByKind;
        FieldsRead = rulesByKind.SelectMany(r => r).SelectMany(r => r.FieldsRead).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        AsOf = asOf;
        foreach (string warning in warnings)
        {
            _warnings.Enqueue(warning);
        }
    }

    /// <summary>Gets the time the evaluation is done as of (dates are aged against it, waivers expire by it).</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>
    /// Gets the field paths (dotted, without list indexes) the compiled rules' preconditions and conditions
    /// read: what an inventory reader must build for this evaluation (<see cref="InventoryReader.Open(string, TargetKind?, string?, IEnumerable{string})"/>).
    /// </summary>
    public IReadOnlyList<string> FieldsRead { get; }

    /// <summary>Gets the number of rules compiled.</summary>
    public int RuleCount => _rulesByKind.Sum(r => r.Length);

    /// <summary>Compiles policies for one evaluation.</summary>
    /// <param name="policies">The policies (rules and their waivers).</param>
    /// <param name="parameters">Parameter overrides by name (case-insensitive), or null.</param>
    /// <param name="waivers">Waivers from other files, or null.</param>
    /// <param name="asOf">The evaluation time.</param>
    /// <returns>The compiled evaluator.</returns>
    /// <exception cref="PolicyLoadException">Two rules share an id.</exception>
    /// <exception cref="SecureMailOpsException">A parameter override is unknown or of the wrong type.</exception>
    public static PolicyEvaluator Compile(IReadOnlyCollection<SecurityPolicy> policies, IDictionary<string, object?>? parameters, IEnumerable<PolicyWaiver>? waivers, DateTimeOffset asOf)
    {
        if (policies is null)
        {
            throw new ArgumentNullException(nameof(policies));
        }

        IReadOnlyList<PolicyLoadError> duplicates = PolicyLoader.FindDuplicateRuleIds(policies);
        if (duplicates.Count > 0)
        {
            throw new PolicyLoadException(duplicates);
        }

        Dictionary<string, object?> overrides = ParameterValues.ResolveOverrides(policies, parameters);
        List<PolicyWaiver> allWaivers = policies.SelectMany(p => p.Waivers).Concat(waivers ?? Enumerable.Empty<PolicyWaiver>()).ToList();
        var ruleIds = new HashSet<string>(policies.SelectMany(p => p.Rules).Select(r => r.Id), StringComparer.OrdinalIgnoreCase);
        var warnings = allWaivers
            .Where(w => !ruleIds.Contains(w.RuleId))
            .Select(w => string.Format(CultureInfo.InvariantCulture, "The waiver at {0}:{1} names the rule '{2}', which no policy evaluated here defines.", w.Path ?? "<input>", w.Line, w.RuleId))
            .ToList();

        var byKind = new List<CompiledRule>[3] { new(), new(), new() };
        foreach (SecurityPolicy policy in policies)
        {
            IReadOnlyDictionary<string, object?> values = ParameterValues.ForPolicy(policy, overrides);
            foreach (PolicyRule rule in policy.Rules)
            {
                CompiledCondition? when = rule.When is null ? null : ConditionCompiler.Compile(rule.When, values, asOf);
                CompiledCondition condition = ConditionCompiler.Compile(rule.Condition, values, asOf);
                var ruleWaivers = allWaivers.Where(w => string.Equals(w.RuleId, rule.Id, StringComparison.OrdinalIgnoreCase)).ToList();
                string[] read = SourceApplicability.FieldsRead(rule);
                byKind[(int)rule.Target].Add(new CompiledRule(rule, when, condition, ruleWaivers) { AsOf = asOf, FieldsRead = read, NotCarried = SourceApplicability.NotCarriedByMask(SourceApplicability.ConditionFieldsRead(rule)) });
            }
        }

        return new PolicyEvaluator(byKind.Select(l => l.ToArray()).ToArray(), asOf, warnings);
    }

    /// <summary>Evaluates every rule for the record's kind, adding one finding per rule.</summary>
    /// <param name="record">The record.</param>
    /// <param name="findings">Where the findings go.</param>
    public void Evaluate(InventoryRecord record, ICollection<PolicyFinding> findings) => Evaluate(record, findings, null);

    /// <summary>
    /// Evaluates every rule for the record's kind, adding a finding per rule whose outcome is wanted.
    /// Every rule is still evaluated (warnings about expired waivers are raised the same); findings
    /// nobody wants are just never created.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="findings">Where the findings go.</param>
    /// <param name="wantedOutcomes">Indexed by <see cref="FindingOutcome"/>: which outcomes to add; null for all.</param>
    [MethodImpl(HotPath.Optimize)]
    public void Evaluate(InventoryRecord record, ICollection<PolicyFinding> findings, IReadOnlyList<bool>? wantedOutcomes)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        if (findings is null)
        {
            throw new ArgumentNullException(nameof(findings));
        }

        if (record.IsOrganizationSetting)
        {
            // Get-TransportConfig and the like only give defaults to the records they are merged with.
            return;
        }

        RecordMap fields = record.Fields;
        int mask = record.SourceMask;
        foreach (CompiledRule rule in _rulesByKind[(int)record.Kind])
        {
            string? notCarried = mask == 0 ? null : rule.NotCarried[mask];
            if (notCarried is not null)
            {
                if (wantedOutcomes is null || wantedOutcomes[(int)FindingOutcome.NotApplicable])
                {
                    findings.Add(new PolicyFinding(rule, record, FindingOutcome.NotApplicable, null, notCarried));
                }

                continue;
            }

            FindingOutcome outcome = Decide(rule, record, fields, out PolicyWaiver? waiver);
            if (wantedOutcomes is null || wantedOutcomes[(int)outcome])
            {
                findings.Add(new PolicyFinding(rule, record, outcome, waiver));
            }
        }
    }

    /// <summary>
    /// Reads and evaluates an inventory on a worker thread, ahead of the caller. Its items, in file
    /// order, are the findings whose outcome is wanted (<see cref="PolicyFinding"/>), the errors of
    /// records that cannot be used (<see cref="SecureMailOpsException"/>) and warnings
    /// (<see cref="PolicyWarning"/>, after the findings of the record that raised them). The caller only writes them,
    /// so on two cores reading and evaluating overlap with PowerShell's pipeline. This evaluator is
    /// the worker's until the read-ahead is disposed: do not use it meanwhile.
    /// </summary>
    /// <param name="reader">The opened inventory; dispose it after the read-ahead.</param>
    /// <param name="wantedOutcomes">Indexed by <see cref="FindingOutcome"/>: which outcomes to pass on; null for all.</param>
    /// <returns>The read-ahead; dispose it to stop the worker.</returns>
    public InventoryReadAhead EvaluateAhead(InventoryReader reader, IReadOnlyList<bool>? wantedOutcomes) => EvaluateAhead(reader, wantedOutcomes, null);

    /// <summary>
    /// Reads and evaluates an inventory on a worker thread, as <see cref="EvaluateAhead(InventoryReader, IReadOnlyList{bool})"/>;
    /// records of inventory sources go to <paramref name="merger"/> instead of being evaluated (evaluate its
    /// merged records once every input is read). Records in the native contract are evaluated as they come.
    /// </summary>
    /// <param name="reader">The opened inventory; dispose it after the read-ahead.</param>
    /// <param name="wantedOutcomes">Indexed by <see cref="FindingOutcome"/>: which outcomes to pass on; null for all.</param>
    /// <param name="merger">Where records of sources go, or null to evaluate them as they come; the worker's until the read-ahead is disposed.</param>
    /// <returns>The read-ahead; dispose it to stop the worker.</returns>
    public InventoryReadAhead EvaluateAhead(InventoryReader reader, IReadOnlyList<bool>? wantedOutcomes, Sources.InventoryMerger? merger) =>
        EvaluateAhead(reader, wantedOutcomes, merger, explain: false);

    /// <summary>
    /// Reads and evaluates an inventory on a worker thread, as <see cref="EvaluateAhead(InventoryReader, IReadOnlyList{bool}, Sources.InventoryMerger?)"/>;
    /// with <paramref name="explain"/>, the worker also builds each finding's <see cref="PolicyFinding.Reason"/>
    /// (all but passes, whose reason reports never show) before handing it on, so a caller that writes every
    /// reason (the reports) does not build them on its own thread: on two cores the work is split more evenly.
    /// </summary>
    /// <param name="reader">The opened inventory; dispose it after the read-ahead.</param>
    /// <param name="wantedOutcomes">Indexed by <see cref="FindingOutcome"/>: which outcomes to pass on; null for all.</param>
    /// <param name="merger">Where records of sources go, or null to evaluate them as they come; the worker's until the read-ahead is disposed.</param>
    /// <param name="explain">Whether the worker builds the reasons.</param>
    /// <returns>The read-ahead; dispose it to stop the worker.</returns>
    public InventoryReadAhead EvaluateAhead(InventoryReader reader, IReadOnlyList<bool>? wantedOutcomes, Sources.InventoryMerger? merger, bool explain)
    {
        var findings = new List<PolicyFinding>();
        return new InventoryReadAhead(reader, (record, items) =>
        {
            if (merger is not null && (record.SourceMask != 0 || record.IsOrganizationSetting))
            {
                merger.Add(record);
                return;
            }

            findings.Clear();
            Evaluate(record, findings, wantedOutcomes);
            foreach (PolicyFinding finding in findings)
            {
                if (explain && finding.Outcome != FindingOutcome.Pass)
                {
                    _ = finding.Reason;
                }

                items.Add(finding);
            }

            while (_warnings.Count > 0)
            {
                items.Add(new PolicyWarning(_warnings.Dequeue()));
            }
        });
    }

    /// <summary>Takes the warnings raised so far (unknown rule ids in waivers, expired waivers), each once.</summary>
    /// <returns>The warnings, possibly none.</returns>
    public IReadOnlyList<string> TakeWarnings()
    {
        if (_warnings.Count == 0)
        {
            return Array.Empty<string>();
        }

        var list = _warnings.ToList();
        _warnings.Clear();
        return list;
    }

    [MethodImpl(HotPath.Optimize)]
    private FindingOutcome Decide(CompiledRule rule, InventoryRecord record, RecordMap fields, out PolicyWaiver? waiver)
    {
        waiver = null;
        if (rule.When is not null)
        {
            Verdict applies = rule.When.Evaluate(fields);
            if (applies != Verdict.True)
            {
                return applies == Verdict.False ? FindingOutcome.NotApplicable : FindingOutcome.Error;
            }
        }

        Verdict verdict = rule.Condition.Evaluate(fields);
        if (verdict != Verdict.False)
        {
            return verdict == Verdict.True ? FindingOutcome.Pass : FindingOutcome.Error;
        }

        PolicyWaiver? expired = null;
        foreach (PolicyWaiver candidate in rule.Waivers)
        {
            if (GlobPattern.IsMatch(record.Id, candidate.Target))
            {
                if (AsOf < candidate.Expires)
                {
                    waiver = candidate;
                    return FindingOutcome.Waived;
                }

                expired ??= candidate;
            }
        }

        if (expired is not null && _warned.Add(expired.RuleId + "\n" + expired.Target + "\n" + record.Id))
        {
            _warnings.Enqueue(string.Format(
                CultureInfo.InvariantCulture,
                "The waiver of {0} for '{1}' ({2}:{3}) expired on {4:yyyy-MM-dd}; the failure on '{5}' is reported again.",
                expired.RuleId,
                expired.Target,
                expired.Path ?? "<input>",
                expired.Line,
                expired.Expires,
                record.Id));
        }

        waiver = expired;
        return FindingOutcome.Fail;
    }
}
