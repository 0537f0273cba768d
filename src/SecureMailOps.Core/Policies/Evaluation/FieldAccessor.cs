using System.Runtime.CompilerServices;
using SecureMailOps.Core.Policies.Conditions;

namespace SecureMailOps.Core.Policies.Evaluation;

/// <summary>
/// Reads a field path from a record. Resolved once per compilation into its segments; per record it is
/// a few dictionary look-ups. Returns <see cref="Missing"/> when a step is absent and
/// <see cref="NotAMapping"/> when a step reaches a value that has no fields (the wrong type).
/// </summary>
internal sealed class FieldAccessor
{
    public static readonly object Missing = new();
    public static readonly object NotAMapping = new();

    private readonly FieldPathSegment[] _segments;

    // Per step, where the name was found in the last record (see RecordMap.TryGetValue). Written by
    // whichever thread evaluates; a stale value only costs a scan.
    private readonly int[] _hints;
    private readonly string? _single;
    private readonly object? _constant;
    private readonly bool _isConstant;

    private FieldAccessor(FieldPathSegment[] segments, object? constant, bool isConstant)
    {
        _segments = segments;
        _hints = new int[segments.Length];
        _single = segments.Length == 1 ? segments[0].Name : null;
        _constant = constant;
        _isConstant = isConstant;
    }

    public static FieldAccessor ForPath(FieldPath path) => new(path.Segments, null, false);

    public static FieldAccessor ForConstant(object? value) => new(System.Array.Empty<FieldPathSegment>(), value, true);

    [MethodImpl(HotPath.Optimize)]
    public object? Get(RecordMap record)
    {
        if (_single is not null)
        {
            return record.TryGetValue(_single, ref _hints[0], out object? value) ? value : Missing;
        }

        if (_isConstant)
        {
            return _constant;
        }

        object? current = record;
        FieldPathSegment[] segments = _segments;
        for (int step = 0; step < segments.Length; step++)
        {
            FieldPathSegment segment = segments[step];
            if (segment.Name is not null)
            {
                if (current is RecordMap map)
                {
                    if (!map.TryGetValue(segment.Name, ref _hints[step], out current))
                    {
                        return Missing;
                    }
                }
                else
                {
                    return current is null ? Missing : NotAMapping;
                }
            }
            else if (current is RecordList list)
            {
                if (segment.Index >= list.Count)
                {
                    return Missing;
                }

                current = list[segment.Index];
            }
            else
            {
                return current is null ? Missing : NotAMapping;
            }
        }

        return current;
    }
}
