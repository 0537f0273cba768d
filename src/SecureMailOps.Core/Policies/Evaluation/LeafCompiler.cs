using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// Compiles one <see cref="LeafCondition"/> into a <see cref="LeafEvaluator"/>: the operand is
/// resolved (parameter or literal) and typed once, and the operator's compiler (named by its entry in
/// <see cref="OperatorTable"/>) makes a specialised delegate, so nothing about the condition is looked
/// up or parsed again per record.
/// </summary>
internal static class LeafCompiler
{
    public static CompiledCondition Compile(LeafCondition leaf, IReadOnlyDictionary<string, object?> parameters, DateTimeOffset asOf)
    {
        object? operand = leaf.Operand.ParameterName is null ? leaf.Operand.Literal : parameters[leaf.Operand.ParameterName];
        FieldAccessor accessor = leaf.Field is not null ? FieldAccessor.ForPath(leaf.Field) : FieldAccessor.ForConstant(parameters[leaf.Parameter!]);
        string subject = leaf.Field is not null ? "'" + leaf.Field.Text + "'" : "parameter '" + leaf.Parameter + "'";
        OperatorSpec spec = OperatorTable.Of(leaf.Operator);
        string expectation = spec.Name + " " + (leaf.Operator == ConditionOperator.Count ? OperatorTable.Of(leaf.CountOperator).Name + " " : string.Empty) + ValueCoercion.Describe(operand)
            + (leaf.Operand.ParameterName is null ? string.Empty : " (parameter " + leaf.Operand.ParameterName + ")");
        return spec.Compile(new LeafParts(leaf, operand, accessor, subject, expectation, asOf));
    }

    /// <summary>equals, notEquals, greater, greaterOrEquals, less, lessOrEquals.</summary>
    public static CompiledCondition CompileComparison(LeafParts parts)
    {
        Func<object, Verdict> test = CompareTest(parts.Leaf.Operator, NormalizeScalar(parts.Operand), out string needs);
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, test, Verdict.False, _ => "not " + needs);
    }

    /// <summary>in, notIn.</summary>
    public static CompiledCondition CompileSet(LeafParts parts)
    {
        object?[] set = ((IEnumerable<object?>)parts.Operand!).Select(NormalizeElement).ToArray();
        bool wantIn = parts.Leaf.Operator == ConditionOperator.In;
        string note = "not " + parts.Spec.Needs;
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, value => SetTest(value, set, wantIn), Verdict.False, _ => note);
    }

    /// <summary>contains.</summary>
    public static CompiledCondition CompileContains(LeafParts parts)
    {
        object? element = NormalizeElement(parts.Operand);
        var part = new TextOperand(parts.Operand);
        string note = "not " + parts.Spec.Needs;
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, value => ContainsTest(value, element, part), Verdict.False, _ => note);
    }

    /// <summary>count, with one comparison.</summary>
    public static CompiledCondition CompileCount(LeafParts parts)
    {
        Func<object, Verdict> compare = CompareTest(parts.Leaf.CountOperator, NormalizeScalar(parts.Operand), out _);
        Verdict onMissing = compare(0d);
        string note = "not " + parts.Spec.Needs;
        return new LeafEvaluator(
            parts.Accessor,
            parts.Subject,
            parts.Expectation,
            value => value is RecordList list ? compare((double)list.Count) : Verdict.Error,
            onMissing,
            _ => note,
            value => value is RecordList list ? "a list of " + list.Count.ToString(CultureInfo.InvariantCulture) + " " + ValueCoercion.Describe(list) : ValueCoercion.Describe(value));
    }

    /// <summary>match: linear-time where the runtime allows, within a matching budget always.</summary>
    public static CompiledCondition CompileMatch(LeafParts parts)
    {
        string pattern = (string)parts.Operand!;
        string? parameter = parts.Leaf.Operand.ParameterName;
        if (!RegexFactory.TryCreate(pattern, out Regex? regex, out string? problem))
        {
            throw new SecureMailOpsException(PolicyErrorIds.ParameterInvalid, FailureKind.InvalidArgument,
                "The parameter " + parameter + " is not a usable regular expression: " + problem, parameter);
        }

        var budget = new MatchBudget(RegexFactory.ConditionBudget);
        string needs = "not " + parts.Spec.Needs;
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, value => MatchTest(value, regex!, budget), Verdict.False,
            value => value is RecordList or RecordMap ? needs
                : budget.IsSpent ? "not matched: this condition spent its matching budget of " + budget.Budget.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms for the evaluation"
                : "matching timed out after " + RegexFactory.MatchTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
    }

    /// <summary>startsWith, endsWith.</summary>
    public static CompiledCondition CompileAffix(LeafParts parts)
    {
        string affix = (string)parts.Operand!;
        bool start = parts.Leaf.Operator == ConditionOperator.StartsWith;
        string note = "not " + parts.Spec.Needs;
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, value => AffixTest(value, affix, start), Verdict.False, _ => note);
    }

    /// <summary>exists.</summary>
    public static CompiledCondition CompileExists(LeafParts parts)
    {
        bool want = (bool)parts.Operand!;
        return new LeafEvaluator(parts.Accessor, parts.Subject, parts.Expectation, _ => want ? Verdict.True : Verdict.False, want ? Verdict.False : Verdict.True, _ => string.Empty);
    }

    /// <summary>olderThan, withinLast.</summary>
    public static CompiledCondition CompileAge(LeafParts parts)
    {
        TimeSpan span = parts.Operand is double days ? TimeSpan.FromDays(days) : (TimeSpan)parts.Operand!;
        bool older = parts.Leaf.Operator == ConditionOperator.OlderThan;
        DateTimeOffset asOf = parts.AsOf;
        string note = "not " + parts.Spec.Needs;
        return new LeafEvaluator(
            parts.Accessor,
            parts.Subject,
            parts.Expectation,
            value => AgeTest(value, asOf, span, older),
            Verdict.False,
            _ => note,
            value => ValueCoercion.TryDate(value, out DateTimeOffset date)
                ? ValueCoercion.Describe(date) + " (" + Math.Floor((asOf - date).TotalDays).ToString(CultureInfo.InvariantCulture) + " days before " + asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")"
                : ValueCoercion.Describe(value));
    }

    /// <summary>Operand values as compared: every number as double, text that is an ISO date as a date.</summary>
    private static object? NormalizeScalar(object? value) => value switch
    {
        long l => (double)l,
        int i => (double)i,
        _ => value,
    };

    /// <summary>A set or contains element as compared: numbers as double, text prepared as a <see cref="TextOperand"/>.</summary>
    private static object? NormalizeElement(object? value)
    {
        object? scalar = NormalizeScalar(value);
        return scalar is null or bool or double or DateTimeOffset ? scalar : new TextOperand(scalar);
    }

    private static Func<object, Verdict> CompareTest(ConditionOperator op, object? operand, out string needs)
    {
        switch (operand)
        {
            case bool expected:
                needs = "true or false";
                bool equals = op == ConditionOperator.Equals;
                return value => ValueCoercion.TryBool(value, out bool actual) ? ToVerdict((actual == expected) == equals) : Verdict.Error;
            case double number:
                needs = "a number";
                return value => ValueCoercion.TryNumber(value, out double actual) ? ToVerdict(Holds(op, actual.CompareTo(number))) : Verdict.Error;
            case DateTimeOffset date:
                needs = "a date";
                return value => ValueCoercion.TryDate(value, out DateTimeOffset actual) ? ToVerdict(Holds(op, actual.CompareTo(date))) : Verdict.Error;
            default:
                needs = "text";
                var text = new TextOperand(operand);
                bool wantEqual = op == ConditionOperator.Equals;
                return value =>
                {
                    Verdict verdict = TextEquals(value, text);
                    return verdict == Verdict.Error ? Verdict.Error : ToVerdict((verdict == Verdict.True) == wantEqual);
                };
        }
    }

    private static bool Holds(ConditionOperator op, int comparison) => op switch
    {
        ConditionOperator.Equals => comparison == 0,
        ConditionOperator.NotEquals => comparison != 0,
        ConditionOperator.Greater => comparison > 0,
        ConditionOperator.GreaterOrEquals => comparison >= 0,
        ConditionOperator.Less => comparison < 0,
        _ => comparison <= 0,
    };

    private static Verdict ToVerdict(bool value) => value ? Verdict.True : Verdict.False;

    /// <summary>Text equality, case-insensitive; numbers written differently ("1.0" and 1) are equal too.</summary>
    private static Verdict TextEquals(object value, TextOperand expected)
    {
        if (!ValueCoercion.TryText(value, out string actual))
        {
            return Verdict.Error;
        }

        if (string.Equals(actual, expected.Text, StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.True;
        }

        return expected.IsNumber && ValueCoercion.TryNumber(value, out double a) && a == expected.Number ? Verdict.True : Verdict.False;
    }

    /// <summary>Equality of one value with one set element, typed by the element.</summary>
    private static Verdict ElementEquals(object? value, object? element)
    {
        if (value is null)
        {
            return Verdict.False;
        }

        switch (element)
        {
            case bool b:
                return ValueCoercion.TryBool(value, out bool actualBool) ? ToVerdict(actualBool == b) : Verdict.Error;
            case double d:
                return ValueCoercion.TryNumber(value, out double actualNumber) ? ToVerdict(actualNumber == d) : Verdict.Error;
            case DateTimeOffset date:
                return ValueCoercion.TryDate(value, out DateTimeOffset actualDate) ? ToVerdict(actualDate == date) : Verdict.Error;
            case TextOperand text:
                return TextEquals(value, text);
            default:
                return TextEquals(value, new TextOperand(element));
        }
    }

    private static Verdict IsMember(object? value, object?[] set)
    {
        if (value is RecordList or RecordMap)
        {
            return Verdict.Error;
        }

        int errors = 0;
        foreach (object? element in set)
        {
            Verdict verdict = ElementEquals(value, element);
            if (verdict == Verdict.True)
            {
                return Verdict.True;
            }

            errors += verdict == Verdict.Error ? 1 : 0;
        }

        return set.Length > 0 && errors == set.Length ? Verdict.Error : Verdict.False;
    }

    private static Verdict SetTest(object value, object?[] set, bool wantIn)
    {
        if (value is RecordList list)
        {
            // A list is "in" a set when every item is; "notIn" when no item is.
            foreach (object? item in list)
            {
                Verdict member = IsMember(item, set);
                if (member == Verdict.Error)
                {
                    return Verdict.Error;
                }

                if ((member == Verdict.True) != wantIn)
                {
                    return Verdict.False;
                }
            }

            return Verdict.True;
        }

        Verdict verdict = IsMember(value, set);
        return verdict == Verdict.Error ? Verdict.Error : ToVerdict((verdict == Verdict.True) == wantIn);
    }

    private static Verdict ContainsTest(object value, object? element, TextOperand part)
    {
        if (value is RecordList list)
        {
            foreach (object? item in list)
            {
                if (ElementEquals(item, element) == Verdict.True)
                {
                    return Verdict.True;
                }
            }

            return Verdict.False;
        }

        if (value is string text)
        {
            return ToVerdict(text.IndexOf(part.Text, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        return Verdict.Error;
    }

    private static Verdict MatchTest(object value, Regex regex, MatchBudget budget)
    {
        if (value is RecordList or RecordMap || !ValueCoercion.TryText(value, out string text))
        {
            return Verdict.Error;
        }

        bool? matched = budget.IsMatch(regex, text);
        return matched is null ? Verdict.Error : ToVerdict(matched.Value);
    }

    private static Verdict AffixTest(object value, string affix, bool start)
    {
        if (value is RecordList or RecordMap || !ValueCoercion.TryText(value, out string text))
        {
            return Verdict.Error;
        }

        return ToVerdict(start ? text.StartsWith(affix, StringComparison.OrdinalIgnoreCase) : text.EndsWith(affix, StringComparison.OrdinalIgnoreCase));
    }

    private static Verdict AgeTest(object value, DateTimeOffset asOf, TimeSpan span, bool older)
    {
        if (!ValueCoercion.TryDate(value, out DateTimeOffset date))
        {
            return Verdict.Error;
        }

        TimeSpan age = asOf - date;
        return ToVerdict(older ? age > span : age <= span);
    }
}
