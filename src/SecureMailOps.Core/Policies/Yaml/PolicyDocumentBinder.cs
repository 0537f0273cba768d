using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>
/// Turns the nodes of one policy file into <see cref="SecurityPolicy"/> objects. Strict: unknown keys,
/// wrong types, unknown operators, missing fields, unknown parameters and unreadable durations or
/// dates are all reported (with the nearest valid name for a misspelling), never ignored. Operators,
/// their operands and the parameter types that may stand for them come from <see cref="OperatorTable"/>;
/// the parameters a document declares are passed down, never kept, so binding depends on nothing but
/// the document (not on what was bound before).
/// </summary>
internal sealed class PolicyDocumentBinder
{
    private static readonly string[] DocumentKeys = { "apiVersion", "kind", "metadata", "spec" };
    private static readonly string[] MetadataKeys = { "name", "description", "version", "labels" };
    private static readonly string[] PolicySpecKeys = { "parameters", "rules", "waivers" };
    private static readonly string[] WaiverSpecKeys = { "waivers" };
    private static readonly string[] ParameterKeys = { "type", "default", "description" };
    private static readonly string[] RuleKeys = { "id", "title", "description", "severity", "practice", "target", "when", "condition", "remediation", "references" };
    private static readonly string[] WaiverKeys = { "rule", "target", "reason", "expires" };
    private static readonly string[] Kinds = { SecurityPolicy.PolicyKind, SecurityPolicy.WaiversKind };
    private static readonly string[] ParamKeys = { "param" };
    private static readonly string[] ConditionKeys = new[] { "field", "param" }.Concat(OperatorTable.GroupKeys).Concat(OperatorTable.Names).ToArray();
    private static readonly Regex RuleIdPattern = new("^[A-Za-z][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    private static readonly Regex ParameterNamePattern = new("^[A-Za-z][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly NodeReader _reader;

    public PolicyDocumentBinder(NodeReader reader)
    {
        _reader = reader;
    }

    /// <summary>Binds one document; returns null when it is too broken to use (the errors say why).</summary>
    public SecurityPolicy? Bind(SafeNode root)
    {
        SafeMapping? document = _reader.Mapping(root, "a policy document");
        if (document is null)
        {
            return null;
        }

        _reader.CheckKeys(document, "the document", DocumentKeys);
        string? apiVersion = _reader.RequiredText(document, "apiVersion", "the document");
        if (apiVersion is not null && !string.Equals(apiVersion, SecurityPolicy.CurrentApiVersion, StringComparison.Ordinal))
        {
            _reader.Error(PolicyErrorIds.UnsupportedApiVersion, document.Get("apiVersion"),
                "apiVersion '" + apiVersion + "' is not supported; this version reads '" + SecurityPolicy.CurrentApiVersion + "'"
                + NameSuggester.Suggest(apiVersion, new[] { SecurityPolicy.CurrentApiVersion }));
        }

        string? kind = _reader.RequiredText(document, "kind", "the document");
        if (kind is not null && !Kinds.Contains(kind, StringComparer.Ordinal))
        {
            _reader.Error(PolicyErrorIds.UnknownKind, document.Get("kind"),
                "kind '" + kind + "' is not one of " + string.Join(", ", Kinds) + NameSuggester.Suggest(kind, Kinds));
            kind = null;
        }

        string? name = null;
        string? description = null;
        string? version = null;
        SafeMapping? metadata = _reader.Mapping(_reader.Required(document, "metadata", "the document"), "metadata");
        if (metadata is not null)
        {
            _reader.CheckKeys(metadata, "metadata", MetadataKeys);
            name = _reader.RequiredText(metadata, "name", "metadata");
            description = _reader.Text(metadata.Get("description"), "metadata.description");
            version = _reader.Text(metadata.Get("version"), "metadata.version");
            SafeNode? labels = metadata.Get("labels");
            if (labels is not null)
            {
                _reader.Mapping(labels, "metadata.labels");
            }
        }

        var rules = new List<PolicyRule>();
        var waivers = new List<PolicyWaiver>();
        var parameters = new Dictionary<string, PolicyParameter>(StringComparer.Ordinal);
        SafeMapping? spec = _reader.Mapping(_reader.Required(document, "spec", "the document"), "spec");
        if (spec is not null && kind is not null)
        {
            bool isPolicy = string.Equals(kind, SecurityPolicy.PolicyKind, StringComparison.Ordinal);
            _reader.CheckKeys(spec, "spec of a " + kind, isPolicy ? PolicySpecKeys : WaiverSpecKeys);
            if (isPolicy)
            {
                BindParameters(spec.Get("parameters"), parameters);
                SafeSequence? ruleNodes = _reader.Sequence(_reader.Required(spec, "rules", "spec"), "spec.rules");
                foreach (SafeNode node in ruleNodes?.Items ?? new List<SafeNode>())
                {
                    PolicyRule? rule = BindRule(node, name ?? "?", parameters);
                    if (rule is not null)
                    {
                        rules.Add(rule);
                    }
                }

                BindWaivers(spec.Get("waivers"), waivers);
            }
            else
            {
                BindWaivers(_reader.Required(spec, "waivers", "spec"), waivers);
            }
        }

        if (apiVersion is null || kind is null || name is null)
        {
            return null;
        }

        foreach (PolicyRule rule in rules)
        {
            rule.PolicyVersion = version;
        }

        return new SecurityPolicy(apiVersion, kind, name, description, parameters.Values.ToList(), rules, waivers, _reader.File, root.Line) { Version = version };
    }

    private void BindParameters(SafeNode? node, Dictionary<string, PolicyParameter> parameters)
    {
        SafeMapping? mapping = _reader.Mapping(node, "spec.parameters");
        if (mapping is null)
        {
            return;
        }

        foreach (KeyValuePair<SafeScalar, SafeNode> entry in mapping.Entries)
        {
            string name = entry.Key.Value;
            string what = "parameter '" + name + "'";
            if (!ParameterNamePattern.IsMatch(name))
            {
                _reader.Error(PolicyErrorIds.InvalidValue, entry.Key, "parameter name '" + name + "' must start with a letter and hold only letters, digits and '_'");
                continue;
            }

            SafeMapping? declaration = _reader.Mapping(entry.Value, what);
            if (declaration is null)
            {
                continue;
            }

            _reader.CheckKeys(declaration, what, ParameterKeys);
            string? type = _reader.OneOf(_reader.Required(declaration, "type", what), what + " type", OperatorTable.ParameterTypes);
            SafeNode? defaultNode = _reader.Required(declaration, "default", what);
            string? description = _reader.Text(declaration.Get("description"), what + " description");
            if (type is null || defaultNode is null)
            {
                continue;
            }

            if (TryReadParameterValue(type, defaultNode, what + " default", out object? value))
            {
                parameters[name] = new PolicyParameter(name, type, value, description, _reader.File, entry.Key.Line, entry.Key.Column);
            }
        }
    }

    private bool TryReadParameterValue(string type, SafeNode node, string what, out object? value)
    {
        value = null;
        switch (type)
        {
            case "string":
                value = _reader.Text(node, what);
                break;
            case "number":
                if (node is SafeScalar s && ScalarTyping.Resolve(s) is long or double)
                {
                    value = Convert.ToDouble(ScalarTyping.Resolve(s), System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    _reader.Error(PolicyErrorIds.WrongType, node, what + " must be a number, not " + NodeReader.Describe(node));
                }

                break;
            case "boolean":
                value = _reader.Bool(node, what);
                break;
            case "duration":
                value = _reader.Duration(node, what);
                break;
            case "date":
                value = _reader.Date(node, what);
                break;
            default:
                value = ReadScalarList(node, what);
                break;
        }

        return value is not null;
    }

    private List<object?>? ReadScalarList(SafeNode node, string what)
    {
        SafeSequence? sequence = _reader.Sequence(node, what);
        if (sequence is null)
        {
            return null;
        }

        var list = new List<object?>();
        foreach (SafeNode item in sequence.Items)
        {
            object? typed = TypedScalar(item, what + " item");
            if (typed is not null)
            {
                list.Add(typed);
            }
        }

        return list;
    }

    /// <summary>A scalar typed as an equality operand: boolean, number (double), ISO date, or text.</summary>
    private object? TypedScalar(SafeNode node, string what)
    {
        if (node is not SafeScalar scalar || scalar.IsNull)
        {
            _reader.Error(PolicyErrorIds.WrongType, node, what + " must be a single value (text, number, true/false or a date), not " + NodeReader.Describe(node));
            return null;
        }

        object? value = ScalarTyping.Resolve(scalar);
        return value switch
        {
            long l => (double)l,
            string text when ValueCoercion.TryParseDate(text, out DateTimeOffset date) => date,
            _ => value,
        };
    }

    private PolicyRule? BindRule(SafeNode node, string policyName, IReadOnlyDictionary<string, PolicyParameter> parameters)
    {
        SafeMapping? rule = _reader.Mapping(node, "a rule");
        if (rule is null)
        {
            return null;
        }

        string? id = _reader.RequiredText(rule, "id", "a rule");
        string what = id is null ? "the rule at line " + node.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "rule '" + id + "'";
        if (id is not null && !RuleIdPattern.IsMatch(id))
        {
            _reader.Error(PolicyErrorIds.InvalidValue, rule.Get("id"), "rule id '" + id + "' must start with a letter and hold only letters, digits, '.', '_' and '-' (at most 64)");
            id = null;
        }

        _reader.CheckKeys(rule, what, RuleKeys);
        string? title = _reader.RequiredText(rule, "title", what);
        string? description = _reader.Text(rule.Get("description"), what + " description");
        string? severity = _reader.OneOf(_reader.Required(rule, "severity", what), what + " severity", OperatorTable.Severities);
        IReadOnlyList<int>? practices = BindPractices(_reader.Required(rule, "practice", what), what);
        string? target = _reader.OneOf(_reader.Required(rule, "target", what), what + " target", OperatorTable.Targets);
        SafeNode? whenNode = rule.Get("when");
        ConditionNode? when = whenNode is null ? null : BindCondition(whenNode, what + " when", parameters);
        SafeNode? conditionNode = _reader.Required(rule, "condition", what);
        ConditionNode? condition = conditionNode is null ? null : BindCondition(conditionNode, what + " condition", parameters);
        string? remediation = _reader.RequiredText(rule, "remediation", what);
        var references = new List<string>();
        SafeNode? referencesNode = rule.Get("references");
        if (referencesNode is not null)
        {
            foreach (SafeNode item in _reader.Sequence(referencesNode, what + " references")?.Items ?? new List<SafeNode>())
            {
                string? reference = _reader.Text(item, what + " reference");
                if (reference is not null)
                {
                    references.Add(reference);
                }
            }
        }

        if (id is null || title is null || severity is null || practices is null || target is null || condition is null || remediation is null
            || (whenNode is not null && when is null))
        {
            return null;
        }

        return new PolicyRule(
            id,
            title,
            description,
            (Severity)Enum.Parse(typeof(Severity), severity, ignoreCase: true),
            practices,
            (TargetKind)Enum.Parse(typeof(TargetKind), target, ignoreCase: true),
            when,
            condition,
            remediation,
            references,
            policyName,
            _reader.File,
            node.Line,
            node.Column);
    }

    private List<int>? BindPractices(SafeNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        IEnumerable<SafeNode> items = node is SafeSequence sequence ? sequence.Items : new[] { node };
        var practices = new List<int>();
        bool ok = true;
        foreach (SafeNode item in items)
        {
            int? number = _reader.Integer(item, what + " practice");
            if (number is null)
            {
                ok = false;
            }
            else if (number is < 1 or > 17)
            {
                _reader.Error(PolicyErrorIds.InvalidValue, item, what + " practice " + number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is not a practice number (1-17)");
                ok = false;
            }
            else if (!practices.Contains(number.Value))
            {
                practices.Add(number.Value);
            }
        }

        if (ok && practices.Count == 0)
        {
            _reader.Error(PolicyErrorIds.MissingField, node, what + " needs at least one practice number");
            ok = false;
        }

        return ok ? practices : null;
    }

    private ConditionNode? BindCondition(SafeNode node, string what, IReadOnlyDictionary<string, PolicyParameter> parameters)
    {
        SafeMapping? mapping = _reader.Mapping(node, what);
        if (mapping is null)
        {
            return null;
        }

        foreach (KeyValuePair<SafeScalar, SafeNode> entry in mapping.Entries)
        {
            if (!ConditionKeys.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                _reader.Error(PolicyErrorIds.UnknownOperator, entry.Key, "unknown operator '" + entry.Key.Value + "' in " + what
                    + NameSuggester.Suggest(entry.Key.Value, ConditionKeys));
                return null;
            }
        }

        var groupEntries = mapping.Entries.Where(e => OperatorTable.GroupKeys.Contains(e.Key.Value, StringComparer.Ordinal)).ToList();
        if (groupEntries.Count > 0)
        {
            if (mapping.Entries.Count != 1)
            {
                _reader.Error(PolicyErrorIds.InvalidCondition, mapping, what + ": allOf, anyOf and not stand alone in their mapping; nest the other keys inside them");
                return null;
            }

            KeyValuePair<SafeScalar, SafeNode> group = groupEntries[0];
            string groupWhat = what + " " + group.Key.Value;
            if (string.Equals(group.Key.Value, "not", StringComparison.Ordinal))
            {
                ConditionNode? child = BindCondition(group.Value, groupWhat, parameters);
                return child is null ? null : new NotCondition(child, mapping.Line, mapping.Column);
            }

            SafeSequence? items = _reader.Sequence(group.Value, groupWhat);
            if (items is null)
            {
                return null;
            }

            if (items.Items.Count == 0)
            {
                _reader.Error(PolicyErrorIds.InvalidCondition, items, groupWhat + " needs at least one condition");
                return null;
            }

            var children = new List<ConditionNode>();
            bool ok = true;
            foreach (SafeNode item in items.Items)
            {
                ConditionNode? child = BindCondition(item, groupWhat, parameters);
                ok &= child is not null;
                if (child is not null)
                {
                    children.Add(child);
                }
            }

            return ok ? new GroupCondition(string.Equals(group.Key.Value, "allOf", StringComparison.Ordinal), children, mapping.Line, mapping.Column) : null;
        }

        return BindLeaf(mapping, what, parameters);
    }

    private LeafCondition? BindLeaf(SafeMapping mapping, string what, IReadOnlyDictionary<string, PolicyParameter> parameters)
    {
        SafeNode? fieldNode = mapping.Get("field");
        SafeNode? paramNode = mapping.Get("param");
        if ((fieldNode is null) == (paramNode is null))
        {
            _reader.Error(PolicyErrorIds.InvalidCondition, mapping, what + " needs exactly one of 'field' or 'param' (or allOf, anyOf, not)");
            return null;
        }

        FieldPath? path = null;
        string? parameter = null;
        if (fieldNode is not null)
        {
            string? text = _reader.Text(fieldNode, what + " field");
            if (text is null)
            {
                return null;
            }

            if (!FieldPath.TryParse(text, out path, out string? problem))
            {
                _reader.Error(PolicyErrorIds.InvalidValue, fieldNode, what + ": field '" + text + "' is not a valid path: " + problem);
                return null;
            }
        }
        else
        {
            parameter = _reader.Text(paramNode, what + " param");
            if (parameter is null || !CheckParameterName(parameter, paramNode!, parameters))
            {
                return null;
            }
        }

        var operators = mapping.Entries.Where(e => OperatorTable.TryGet(e.Key.Value, out _)).ToList();
        if (operators.Count != 1)
        {
            _reader.Error(PolicyErrorIds.InvalidCondition, mapping, what + (operators.Count == 0
                ? " needs an operator: " + string.Join(", ", OperatorTable.Names)
                : " has " + operators.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " operators; write one per condition and combine them with allOf or anyOf"));
            return null;
        }

        KeyValuePair<SafeScalar, SafeNode> entry = operators[0];
        OperatorTable.TryGet(entry.Key.Value, out OperatorSpec spec);
        ConditionOperator op = spec.Operator;
        string opWhat = what + " " + entry.Key.Value;
        ConditionOperator countOperator = ConditionOperator.None;
        Operand? operand;
        if (op == ConditionOperator.Count)
        {
            SafeMapping? countMapping = _reader.Mapping(entry.Value, opWhat);
            if (countMapping is null)
            {
                return null;
            }

            if (countMapping.Entries.Count != 1 || !OperatorTable.TryGet(countMapping.Entries[0].Key.Value, out OperatorSpec comparison) || !comparison.IsComparison)
            {
                SafeScalar? bad = countMapping.Entries.Count > 0 ? countMapping.Entries[0].Key : null;
                _reader.Error(countMapping.Entries.Count == 1 ? PolicyErrorIds.UnknownOperator : PolicyErrorIds.InvalidCondition, (SafeNode?)bad ?? countMapping,
                    opWhat + " takes one comparison (" + string.Join(", ", OperatorTable.Comparisons) + ")"
                    + (bad is null ? string.Empty : NameSuggester.Suggest(bad.Value, OperatorTable.Comparisons)));
                return null;
            }

            countOperator = comparison.Operator;
            operand = BindOperand(spec, countMapping.Entries[0].Value, opWhat + " " + countMapping.Entries[0].Key.Value, parameters);
        }
        else
        {
            operand = BindOperand(spec, entry.Value, opWhat, parameters);
        }

        return operand is null ? null : new LeafCondition(path, parameter, op, operand, countOperator, mapping.Line, mapping.Column);
    }

    private bool CheckParameterName(string name, SafeNode node, IReadOnlyDictionary<string, PolicyParameter> parameters)
    {
        if (parameters.ContainsKey(name))
        {
            return true;
        }

        _reader.Error(PolicyErrorIds.UnknownParameter, node, "parameter '" + name + "' is not declared in spec.parameters"
            + NameSuggester.Suggest(name, parameters.Keys));
        return false;
    }

    private Operand? BindOperand(OperatorSpec spec, SafeNode node, string what, IReadOnlyDictionary<string, PolicyParameter> parameters)
    {
        if (node is SafeMapping reference)
        {
            if (reference.Entries.Count != 1 || !string.Equals(reference.Entries[0].Key.Value, "param", StringComparison.Ordinal))
            {
                _reader.CheckKeys(reference, what, ParamKeys);
                if (reference.Entries.Count != 1)
                {
                    _reader.Error(PolicyErrorIds.WrongType, reference, what + " takes a value or { param: name }");
                }

                return null;
            }

            SafeNode nameNode = reference.Entries[0].Value;
            string? name = _reader.Text(nameNode, what + " param");
            if (name is null || !CheckParameterName(name, nameNode, parameters))
            {
                return null;
            }

            string type = parameters[name].Type;
            IReadOnlyList<string> allowed = spec.ParameterTypes;
            if (!allowed.Contains(type, StringComparer.Ordinal))
            {
                _reader.Error(PolicyErrorIds.WrongType, nameNode, what + ": parameter '" + name + "' is a " + type + "; this operator takes a " + string.Join(" or ", allowed));
                return null;
            }

            return new Operand(null, name, node.Line, node.Column);
        }

        object? literal = BindLiteral(spec.Operand, node, what);
        return literal is null ? null : new Operand(literal, null, node.Line, node.Column);
    }

    private object? BindLiteral(OperandKind kind, SafeNode node, string what)
    {
        switch (kind)
        {
            case OperandKind.Value:
                return TypedScalar(node, what);
            case OperandKind.Count:
            case OperandKind.Ordered:
            {
                object? value = node is SafeScalar s && !s.IsNull ? TypedScalar(node, what) : null;
                if (value is string text && ValueCoercion.TryParseNumber(text, out double number))
                {
                    value = number;
                }

                if (value is double || (value is DateTimeOffset && kind == OperandKind.Ordered))
                {
                    return value;
                }

                _reader.Error(PolicyErrorIds.WrongType, node, what + " takes a number" + (kind == OperandKind.Count ? string.Empty : " or a date") + ", not " + NodeReader.Describe(node));
                return null;
            }

            case OperandKind.List:
                return ReadScalarList(node, what);
            case OperandKind.Pattern:
            {
                string? pattern = _reader.Text(node, what);
                if (pattern is not null && !Evaluation.RegexFactory.TryCreate(pattern, out _, out string? problem))
                {
                    _reader.Error(PolicyErrorIds.InvalidValue, node, what + ": '" + pattern + "' is not a usable regular expression: " + problem);
                    return null;
                }

                return pattern;
            }

            case OperandKind.Text:
                return _reader.Text(node, what);
            case OperandKind.Boolean:
                return _reader.Bool(node, what);
            default:
                // A duration (90d), or a plain number of days, as a number parameter may give.
                if (node is SafeScalar days && days.IsPlain && ScalarTyping.Resolve(days) is long or double)
                {
                    return Convert.ToDouble(ScalarTyping.Resolve(days), System.Globalization.CultureInfo.InvariantCulture);
                }

                return _reader.Duration(node, what);
        }
    }

    private void BindWaivers(SafeNode? node, List<PolicyWaiver> waivers)
    {
        if (node is null)
        {
            return;
        }

        foreach (SafeNode item in _reader.Sequence(node, "spec.waivers")?.Items ?? new List<SafeNode>())
        {
            SafeMapping? waiver = _reader.Mapping(item, "a waiver");
            if (waiver is null)
            {
                continue;
            }

            _reader.CheckKeys(waiver, "a waiver", WaiverKeys);
            string? rule = _reader.RequiredText(waiver, "rule", "a waiver");
            string? target = _reader.RequiredText(waiver, "target", "a waiver");
            string? reason = _reader.RequiredText(waiver, "reason", "a waiver");
            SafeNode? expiresNode = _reader.Required(waiver, "expires", "a waiver");
            DateTimeOffset? expires = expiresNode is null ? null : _reader.Date(expiresNode, "a waiver's expires");
            if (rule is not null && target is not null && reason is not null && expires is not null)
            {
                waivers.Add(new PolicyWaiver(rule, target, reason, expires.Value, _reader.File, waiver.Line, waiver.Column));
            }
        }
    }
}
