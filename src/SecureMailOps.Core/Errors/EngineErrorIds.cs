namespace SecureMailOps.Core.Errors;

/// <summary>The stable error ids that belong to no one feature.</summary>
public static class EngineErrorIds
{
    /// <summary>An engine error made without an id (the standard exception constructors); prefer a specific id.</summary>
    public const string NotSpecified = "NotSpecified";
}
