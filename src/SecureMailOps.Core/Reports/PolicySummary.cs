using System.Text.Json.Serialization;

namespace SecureMailOps.Core.Reports;

/// <summary>A policy whose rules produced findings in the report.</summary>
public sealed class PolicySummary
{
    [JsonConstructor]
    internal PolicySummary(string name, string? version, string? path, int ruleCount)
    {
        Name = name;
        Version = version;
        Path = path;
        RuleCount = ruleCount;
    }

    /// <summary>Gets the policy name.</summary>
    public string Name { get; }

    /// <summary>Gets the policy version (metadata.version), or null.</summary>
    public string? Version { get; }

    /// <summary>Gets the policy file, or null.</summary>
    public string? Path { get; }

    /// <summary>Gets how many of its rules produced findings.</summary>
    public int RuleCount { get; }

    /// <inheritdoc />
    public override string ToString() => Version is null ? Name : Name + " " + Version;
}
