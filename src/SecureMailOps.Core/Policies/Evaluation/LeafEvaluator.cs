using System;
using System.Runtime.CompilerServices;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// One compiled test: a field accessor and a typed predicate (a delegate built once per evaluation).
/// Missing and null values take the operator's own rule (<see cref="_onMissing"/>); a value the
/// predicate cannot coerce gives <see cref="Verdict.Error"/>.
/// </summary>
internal sealed class LeafEvaluator : CompiledCondition
{
    private readonly FieldAccessor _accessor;
    private readonly string _subject;
    private readonly string _expectation;
    private readonly Func<object, Verdict> _test;
    private readonly Verdict _onMissing;
    private readonly Func<object, string> _errorNote;
    private readonly Func<object, string>? _describe;
    private readonly ExplanationMemo _memo = new();
    private string? _missing;
    private string? _null;

    public LeafEvaluator(
        FieldAccessor accessor,
        string subject,
        string expectation,
        Func<object, Verdict> test,
        Verdict onMissing,
        Func<object, string> errorNote,
        Func<object, string>? describe = null)
    {
        _accessor = accessor;
        _subject = subject;
        _expectation = expectation;
        _test = test;
        _onMissing = onMissing;
        _errorNote = errorNote;
        _describe = describe;
    }

    [MethodImpl(HotPath.Optimize)]
    public override Verdict Evaluate(RecordMap record)
    {
        object? value = _accessor.Get(record);
        if (value is null || ReferenceEquals(value, FieldAccessor.Missing))
        {
            return _onMissing;
        }

        return ReferenceEquals(value, FieldAccessor.NotAMapping) ? Verdict.Error : _test(value);
    }

    public override string Explain(RecordMap record)
    {
        object? value = _accessor.Get(record);
        if (ReferenceEquals(value, FieldAccessor.Missing))
        {
            return _missing ??= _subject + " is missing; expected " + _expectation;
        }

        if (value is null)
        {
            return _null ??= _subject + " is null; expected " + _expectation;
        }

        if (ReferenceEquals(value, FieldAccessor.NotAMapping))
        {
            return _subject + " cannot be read: a part of the path is a value, not a mapping or list; expected " + _expectation;
        }

        // Only values that cannot change are kept by reference: text, booleans, numbers, dates (not lists or mappings).
        bool immutable = value is string or bool or long or int or double or decimal or DateTimeOffset or TimeSpan;
        if (immutable && _memo.TryGet(value, out string known))
        {
            return known;
        }

        string text = Describe(value);
        return immutable ? _memo.Keep(value, text) : text;
    }

    private string Describe(object value)
    {
        string shown = _describe is null ? ValueCoercion.Describe(value) : _describe(value);
        return _test(value) == Verdict.Error
            ? _subject + " is " + shown + " (" + ValueCoercion.TypeName(value) + "), " + _errorNote(value) + "; expected " + _expectation
            : _subject + " is " + shown + "; expected " + _expectation;
    }
}
