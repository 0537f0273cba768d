namespace SecureMailOps.Core.Policies;

/// <summary>How serious a rule's failure is; ordered so that a threshold compares with &gt;=.</summary>
public enum Severity
{
    /// <summary>Informational.</summary>
    Info = 0,

    /// <summary>Low.</summary>
    Low = 1,

    /// <summary>Medium.</summary>
    Medium = 2,

    /// <summary>High.</summary>
    High = 3,

    /// <summary>Critical.</summary>
    Critical = 4,
}
