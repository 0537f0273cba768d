using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// The result of one rule on one record. <see cref="Reason"/> names the field, its value and what the
/// rule expected; it is worked out when first read, so passing findings cost no string building
/// unless someone looks at them.
/// </summary>
public sealed class PolicyFinding
{
    private readonly CompiledRule _rule;
    private readonly InventoryRecord _record;
    private readonly string? _notCarried;
    private string? _reason;

    internal PolicyFinding(CompiledRule rule, InventoryRecord record, FindingOutcome outcome, PolicyWaiver? waiver)
    {
        _rule = rule;
        _record = record;
        Outcome = outcome;
        Waiver = waiver;
    }

    // NotApplicable because a field the rule reads is carried by none of the record's sources.
    internal PolicyFinding(CompiledRule rule, InventoryRecord record, FindingOutcome outcome, PolicyWaiver? waiver, string notCarried)
        : this(rule, record, outcome, waiver) => _notCarried = notCarried;

    /// <summary>Gets the rule id.</summary>
    public string RuleId => _rule.Rule.Id;

    /// <summary>Gets the rule title.</summary>
    public string Title => _rule.Rule.Title;

    /// <summary>Gets the rule severity.</summary>
    public Severity Severity => _rule.Rule.Severity;

    /// <summary>Gets the practice numbers the rule checks.</summary>
    public IReadOnlyList<int> Practices => _rule.Rule.Practices;

    /// <summary>Gets the kind of the record.</summary>
    public TargetKind TargetKind => _record.Kind;

    /// <summary>Gets the record id.</summary>
    public string TargetName => _record.Id;

    /// <summary>
    /// Gets where the record came from (file:line), or null for pipeline objects. For a record merged from
    /// several sources, the place of the first field the rule read that a source gave.
    /// </summary>
    public string? TargetSource => _record.Origins is null ? _record.Source : FirstReadOrigin()?.Place ?? _record.Source;

    /// <summary>
    /// Gets which export said what: for each field the rule read, the source and place it came from
    /// ("mfa.enabled: EntraRegistration (entra.json:12)"); for a record that was not merged, its source and place.
    /// </summary>
    public string Provenance => BuildProvenance();

    /// <summary>Gets the inventory sources of the record (none for the native contract).</summary>
    public IReadOnlyList<string> TargetInventorySources => _record.InventorySources;

    /// <summary>Gets the outcome.</summary>
    public FindingOutcome Outcome { get; }

    /// <summary>Gets why: the field, its actual value and the expected one (and the waiver, when waived).</summary>
    public string Reason => _reason ??= BuildReason();

    /// <summary>Gets what to do about a failure.</summary>
    public string Remediation => _rule.Rule.Remediation;

    /// <summary>Gets the policy that holds the rule.</summary>
    public string PolicyName => _rule.Rule.PolicyName;

    /// <summary>Gets the file the rule is in.</summary>
    public string? RulePath => _rule.Rule.Path;

    /// <summary>Gets the line the rule starts on.</summary>
    public int RuleLine => _rule.Rule.Line;

    /// <summary>Gets the rule (its description, references and policy version, for reports).</summary>
    public PolicyRule Rule => _rule.Rule;

    /// <summary>Gets the time the evaluation was done as of.</summary>
    public DateTimeOffset AsOf => _rule.AsOf;

    /// <summary>Gets the waiver that applied (Waived) or that has expired (Fail), or null.</summary>
    public PolicyWaiver? Waiver { get; }

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}: {3}", Outcome, RuleId, TargetName, Reason);

    private string BuildReason()
    {
        if (_notCarried is not null)
        {
            return "not applicable: " + _notCarried;
        }

        if (Outcome == FindingOutcome.NotApplicable)
        {
            string why = _rule.When!.Explain(_record.Fields);
            return _rule.NotApplicableReasons.TryGet(why, out string known) ? known : _rule.NotApplicableReasons.Keep(why, "not applicable: " + why);
        }

        if (Outcome == FindingOutcome.Error && _rule.When is not null && _rule.When.Evaluate(_record.Fields) == Verdict.Error)
        {
            return "cannot evaluate the precondition: " + _rule.When.Explain(_record.Fields);
        }

        string reason = _rule.Condition.Explain(_record.Fields);
        if (Outcome == FindingOutcome.Error)
        {
            return "cannot evaluate: " + reason;
        }

        if (Waiver is not null)
        {
            string until = Waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            reason += Outcome == FindingOutcome.Waived
                ? " (waived until " + until + ": " + Waiver.Reason + ")"
                : " (the waiver expired on " + until + ")";
        }

        return reason;
    }

    private RecordOrigin? FirstReadOrigin()
    {
        foreach (string field in _rule.FieldsRead)
        {
            RecordOrigin? origin = _record.OriginOf(field);
            if (origin is not null)
            {
                return origin;
            }
        }

        return null;
    }

    private string BuildProvenance()
    {
        if (_record.Origins is null)
        {
            return _record.Provenance[0].ToString();
        }

        var parts = new List<string>();
        foreach (string field in _rule.FieldsRead)
        {
            RecordOrigin? origin = _record.OriginOf(field);
            parts.Add(field + ": " + (origin?.ToString() ?? "no source"));
        }

        return parts.Count > 0 ? string.Join("; ", parts) : string.Join("; ", _record.Origins.Select(o => o.ToString()));
    }
}
