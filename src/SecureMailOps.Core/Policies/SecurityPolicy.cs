using System.Collections.Generic;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// One policy document as loaded: a <c>SecurityPolicy</c> (parameters, rules, optional waivers) or a
/// <c>SecurityWaivers</c> document (waivers only), with the file it came from.
/// </summary>
public sealed class SecurityPolicy
{
    /// <summary>The only apiVersion this engine reads.</summary>
    public const string CurrentApiVersion = "securemailops/v1";

    /// <summary>The kind of a document with rules.</summary>
    public const string PolicyKind = "SecurityPolicy";

    /// <summary>The kind of a document with waivers only.</summary>
    public const string WaiversKind = "SecurityWaivers";

    internal SecurityPolicy(
        string apiVersion,
        string kind,
        string name,
        string? description,
        IReadOnlyList<PolicyParameter> parameters,
        IReadOnlyList<PolicyRule> rules,
        IReadOnlyList<PolicyWaiver> waivers,
        string? path,
        int line)
    {
        ApiVersion = apiVersion;
        Kind = kind;
        Name = name;
        Description = description;
        Parameters = parameters;
        Rules = rules;
        Waivers = waivers;
        Path = path;
        Line = line;
    }

    /// <summary>Gets the document's apiVersion.</summary>
    public string ApiVersion { get; }

    /// <summary>Gets the document kind: SecurityPolicy or SecurityWaivers.</summary>
    public string Kind { get; }

    /// <summary>Gets the policy name (metadata.name).</summary>
    public string Name { get; }

    /// <summary>Gets the policy description, or null.</summary>
    public string? Description { get; }

    /// <summary>Gets the declared parameters.</summary>
    public IReadOnlyList<PolicyParameter> Parameters { get; }

    /// <summary>Gets the rules.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    /// <summary>Gets the waivers.</summary>
    public IReadOnlyList<PolicyWaiver> Waivers { get; }

    /// <summary>Gets the policy's version (metadata.version), or null.</summary>
    public string? Version { get; internal set; }

    /// <summary>Gets the file the document was read from.</summary>
    public string? Path { get; }

    /// <summary>Gets the line the document starts on.</summary>
    public int Line { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
