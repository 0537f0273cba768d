using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Yaml;

namespace SecureMailOps.Core.Policies;

/// <summary>Reads and validates policy and waiver files (YAML, several documents per file).</summary>
public static class PolicyLoader
{
    /// <summary>Turns files and folders into the policy files to read: a folder gives its *.yaml and *.yml files, sorted.</summary>
    /// <param name="paths">Files or folders.</param>
    /// <returns>The files.</returns>
    /// <exception cref="SecureMailOpsException">A path does not exist.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        if (paths is null)
        {
            throw new ArgumentNullException(nameof(paths));
        }

        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.yaml").Concat(Directory.GetFiles(path, "*.yml")).OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new SecureMailOpsException(PolicyErrorIds.PathNotFound, FailureKind.ObjectNotFound, "The policy path '" + path + "' does not exist.", path);
            }
        }

        return files;
    }

    /// <summary>Reads every document of one file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The documents, in file order.</returns>
    /// <exception cref="PolicyLoadException">The file has errors; each names its line and column.</exception>
    public static IReadOnlyList<SecurityPolicy> LoadFile(string path)
    {
        IReadOnlyList<SafeNode?> documents = SafeYamlReader.ReadFile(path, SafeYamlLimits.Policy);
        return Bind(documents, path);
    }

    /// <summary>Reads every document of YAML text (for tests and generated policies).</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="file">The name to report in errors, or null.</param>
    /// <returns>The documents.</returns>
    /// <exception cref="PolicyLoadException">The text has errors.</exception>
    public static IReadOnlyList<SecurityPolicy> LoadText(string yaml, string? file)
    {
        if (yaml is null)
        {
            throw new ArgumentNullException(nameof(yaml));
        }

        if (yaml.Length > SafeYamlLimits.Policy.MaxFileBytes)
        {
            throw new PolicyLoadException(new PolicyLoadError(PolicyErrorIds.FileLimit, FailureKind.LimitsExceeded, file, 0, 0, "the text is longer than a policy may be"));
        }

        using var reader = new StringReader(yaml);
        return Bind(SafeYamlReader.Read(reader, file, SafeYamlLimits.Policy, yaml.Length), file);
    }

    /// <summary>Finds rule ids used more than once across policies; each error points at the later rule and names the earlier one.</summary>
    /// <param name="policies">The policies evaluated together.</param>
    /// <returns>The errors, possibly none.</returns>
    public static IReadOnlyList<PolicyLoadError> FindDuplicateRuleIds(IEnumerable<SecurityPolicy> policies)
    {
        if (policies is null)
        {
            throw new ArgumentNullException(nameof(policies));
        }

        var errors = new List<PolicyLoadError>();
        var seen = new Dictionary<string, PolicyRule>(StringComparer.OrdinalIgnoreCase);
        foreach (PolicyRule rule in policies.SelectMany(p => p.Rules))
        {
            if (seen.TryGetValue(rule.Id, out PolicyRule? first))
            {
                errors.Add(new PolicyLoadError(PolicyErrorIds.DuplicateRuleId, FailureKind.InvalidData, rule.Path, rule.Line, rule.Column,
                    "rule id '" + rule.Id + "' is already used at " + (first.Path ?? "<input>") + ":" + first.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + ":" + first.Column.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else
            {
                seen.Add(rule.Id, rule);
            }
        }

        return errors;
    }

    private static List<SecurityPolicy> Bind(IReadOnlyList<SafeNode?> documents, string? file)
    {
        var reader = new NodeReader(file);
        var binder = new PolicyDocumentBinder(reader);
        var policies = new List<SecurityPolicy>();
        foreach (SafeNode? document in documents)
        {
            if (document is null || (document is SafeScalar scalar && scalar.IsNull))
            {
                continue;
            }

            SecurityPolicy? policy = binder.Bind(document);
            if (policy is not null)
            {
                policies.Add(policy);
            }
        }

        var errors = reader.Errors.ToList();
        errors.AddRange(FindDuplicateRuleIds(policies));
        if (errors.Count > 0)
        {
            throw new PolicyLoadException(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        }

        return policies;
    }
}
