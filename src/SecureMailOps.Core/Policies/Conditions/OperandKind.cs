namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>What an operator's operand is: decides how the binder reads it and which parameter types may stand for it.</summary>
internal enum OperandKind
{
    /// <summary>One value: text, a number, true/false or a date (equals, notEquals, contains).</summary>
    Value,

    /// <summary>A number or a date (greater, less, ...).</summary>
    Ordered,

    /// <summary>A count: one comparison with a number (count).</summary>
    Count,

    /// <summary>A list of values (in, notIn).</summary>
    List,

    /// <summary>A regular expression (match).</summary>
    Pattern,

    /// <summary>Text (startsWith, endsWith).</summary>
    Text,

    /// <summary>true or false (exists).</summary>
    Boolean,

    /// <summary>A duration such as 90d, or a number of days (olderThan, withinLast).</summary>
    Duration,
}
