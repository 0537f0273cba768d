namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>The operators of the condition language (written in camelCase in YAML).</summary>
internal enum ConditionOperator
{
    None,
    Equals,
    NotEquals,
    Greater,
    GreaterOrEquals,
    Less,
    LessOrEquals,
    In,
    NotIn,
    Contains,
    Count,
    Match,
    StartsWith,
    EndsWith,
    Exists,
    OlderThan,
    WithinLast,
}
