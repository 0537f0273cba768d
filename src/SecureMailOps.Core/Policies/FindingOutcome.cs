namespace SecureMailOps.Core.Policies;

/// <summary>The result of one rule on one record.</summary>
public enum FindingOutcome
{
    /// <summary>The record meets the rule.</summary>
    Pass,

    /// <summary>The record does not meet the rule.</summary>
    Fail,

    /// <summary>The record does not meet the rule, but a current waiver covers it.</summary>
    Waived,

    /// <summary>The rule's precondition (<c>when</c>) does not hold for the record.</summary>
    NotApplicable,

    /// <summary>The rule could not be evaluated (for example a field of the wrong type).</summary>
    Error,
}
