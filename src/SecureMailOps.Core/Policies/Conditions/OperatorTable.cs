using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>
/// The condition language's grammar, the only place it is written: the binder reads operands by it,
/// the compiler compiles by it, explanations take their wording from it, and a test holds the JSON
/// Schema (policies/schema/policy.schema.json) to it, as it does for the parameter types, severities
/// and targets (which come from <see cref="Severity"/> and <see cref="TargetKind"/>).
/// </summary>
internal static class OperatorTable
{
    private const string Value = """{"type":["string","number","boolean"]}""";
    private const string NumberOrDate = """{"type":["number","string"]}""";
    private static readonly string[] ValueParameters = { "string", "number", "boolean", "date" };
    private static readonly string[] OrderedParameters = { "number", "date" };
    private static readonly string[] NumberParameters = { "number" };
    private static readonly string[] ListParameters = { "list" };
    private static readonly string[] StringParameters = { "string" };
    private static readonly string[] BooleanParameters = { "boolean" };
    private static readonly string[] DurationParameters = { "duration", "number" };

    private static readonly OperatorSpec[] Specs =
    {
        Comparison("equals", ConditionOperator.Equals, OperandKind.Value, ValueParameters, Value, "the value equals the operand (text case-insensitively)"),
        Comparison("notEquals", ConditionOperator.NotEquals, OperandKind.Value, ValueParameters, Value, "the value differs from the operand"),
        Comparison("greater", ConditionOperator.Greater, OperandKind.Ordered, OrderedParameters, NumberOrDate, "a number or date above the operand"),
        Comparison("greaterOrEquals", ConditionOperator.GreaterOrEquals, OperandKind.Ordered, OrderedParameters, NumberOrDate, "a number or date at or above the operand"),
        Comparison("less", ConditionOperator.Less, OperandKind.Ordered, OrderedParameters, NumberOrDate, "a number or date below the operand"),
        Comparison("lessOrEquals", ConditionOperator.LessOrEquals, OperandKind.Ordered, OrderedParameters, NumberOrDate, "a number or date at or below the operand"),
        new("in", ConditionOperator.In, OperandKind.List, ListParameters, """{"type":"array","items":{"type":["string","number","boolean"]}}""", "comparable with the set", LeafCompiler.CompileSet, "the value (every item of a list) is one of the operand's values"),
        new("notIn", ConditionOperator.NotIn, OperandKind.List, ListParameters, """{"type":"array","items":{"type":["string","number","boolean"]}}""", "comparable with the set", LeafCompiler.CompileSet, "the value (no item of a list) is one of the operand's values"),
        new("contains", ConditionOperator.Contains, OperandKind.Value, ValueParameters, Value, "a list or text", LeafCompiler.CompileContains, "a list holds the operand, or text contains it"),
        new("count", ConditionOperator.Count, OperandKind.Count, NumberParameters, """{"type":"number"}""", "a list", LeafCompiler.CompileCount, "the number of items of a list, compared ({ count: { greater: 0 } })"),
        new("match", ConditionOperator.Match, OperandKind.Pattern, StringParameters, """{"type":"string"}""", "text", LeafCompiler.CompileMatch, "text matches a .NET regular expression, case-insensitively, in linear time"),
        new("startsWith", ConditionOperator.StartsWith, OperandKind.Text, StringParameters, """{"type":"string"}""", "text", LeafCompiler.CompileAffix, "text starts with the operand, case-insensitively"),
        new("endsWith", ConditionOperator.EndsWith, OperandKind.Text, StringParameters, """{"type":"string"}""", "text", LeafCompiler.CompileAffix, "text ends with the operand, case-insensitively"),
        new("exists", ConditionOperator.Exists, OperandKind.Boolean, BooleanParameters, """{"type":"boolean"}""", string.Empty, LeafCompiler.CompileExists, "the field is present and not null (true) or absent or null (false)"),
        new("olderThan", ConditionOperator.OlderThan, OperandKind.Duration, DurationParameters, """{"anyOf":[{"$ref":"#/$defs/duration"},{"type":"number"}]}""", "a date", LeafCompiler.CompileAge, "a date more than the duration before the evaluation time"),
        new("withinLast", ConditionOperator.WithinLast, OperandKind.Duration, DurationParameters, """{"anyOf":[{"$ref":"#/$defs/duration"},{"type":"number"}]}""", "a date", LeafCompiler.CompileAge, "a date at most the duration before the evaluation time"),
    };

    private static readonly Dictionary<string, OperatorSpec> ByName = Specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
    private static readonly Dictionary<ConditionOperator, OperatorSpec> ByOperator = Specs.ToDictionary(s => s.Operator);

    /// <summary>Gets every operator, in documentation order.</summary>
    public static IReadOnlyList<OperatorSpec> All => Specs;

    /// <summary>Gets every operator name, for suggestions.</summary>
    public static IReadOnlyList<string> Names { get; } = Specs.Select(s => s.Name).ToArray();

    /// <summary>Gets the comparison operator names (allowed inside <c>count</c>).</summary>
    public static IReadOnlyList<string> Comparisons { get; } = Specs.Where(s => s.IsComparison).Select(s => s.Name).ToArray();

    /// <summary>Gets the keys that combine conditions.</summary>
    public static IReadOnlyList<string> GroupKeys { get; } = new[] { "allOf", "anyOf", "not" };

    /// <summary>Gets the parameter types a policy may declare.</summary>
    public static IReadOnlyList<string> ParameterTypes { get; } = new[] { "string", "number", "boolean", "duration", "date", "list" };

    /// <summary>Gets the severities as policies write them (lower case), from <see cref="Severity"/>, highest first.</summary>
    public static IReadOnlyList<string> Severities { get; } =
        Enum.GetValues(typeof(Severity)).Cast<Severity>().OrderByDescending(s => s).Select(s => s.ToString().ToLowerInvariant()).ToArray();

    /// <summary>Gets the targets as policies write them, from <see cref="TargetKind"/>.</summary>
    public static IReadOnlyList<string> Targets { get; } = Enum.GetNames(typeof(TargetKind));

    public static bool TryGet(string name, out OperatorSpec spec) => ByName.TryGetValue(name, out spec!);

    public static OperatorSpec Of(ConditionOperator op) => ByOperator[op];

    private static OperatorSpec Comparison(string name, ConditionOperator op, OperandKind operand, string[] parameterTypes, string schemaType, string summary) =>
        new(name, op, operand, parameterTypes, schemaType, string.Empty, LeafCompiler.CompileComparison, summary);
}
