namespace SecureMailOps.Core.Challenges;

/// <summary>The life cycle of a stored challenge.</summary>
public enum ChallengeState
{
    /// <summary>Created, the mail not yet accepted by the server: not usable. A crash here leaves nothing usable.</summary>
    Pending,

    /// <summary>The mail was accepted: the code can be confirmed until it expires.</summary>
    Active,

    /// <summary>Confirmed once; never again.</summary>
    Used,

    /// <summary>Too many wrong codes; never usable again.</summary>
    Burned,
}
