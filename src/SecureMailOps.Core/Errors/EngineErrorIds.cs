namespace SecureMailOps.Core.Errors;

/// <summary>The stable error ids that belong to no one feature.</summary>
public static class EngineErrorIds
{
    /// <summary>An unspecified SecureMailOps error occurred.</summary>
    public const string NotSpecified = "NotSpecified";
}
