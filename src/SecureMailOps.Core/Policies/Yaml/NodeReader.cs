using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>
/// Strict reading of YAML nodes into typed values, collecting every problem with its line and column
/// instead of stopping at the first, so a user fixes a file in one pass.
/// </summary>
internal sealed class NodeReader
{
    private readonly List<PolicyLoadError> _errors = new();

    public NodeReader(string? file)
    {
        File = file;
    }

    public string? File { get; }

    public IReadOnlyList<PolicyLoadError> Errors => _errors;

    public void Error(string errorId, SafeNode? node, string detail) =>
        _errors.Add(new PolicyLoadError(errorId, string.Equals(errorId, PolicyErrorIds.YamlSyntax, StringComparison.Ordinal) ? FailureKind.ParserError : FailureKind.InvalidData, File, node?.Line ?? 0, node?.Column ?? 0, detail));

    public SafeMapping? Mapping(SafeNode? node, string what)
    {
        if (node is SafeMapping mapping)
        {
            return mapping;
        }

        // An empty optional section ("parameters:" with nothing under it) is the same as leaving it out.
        if (node is not null && !(node is SafeScalar empty && empty.IsNull))
        {
            Error(PolicyErrorIds.WrongType, node, what + " must be a mapping, not " + Describe(node));
        }

        return null;
    }

    public SafeSequence? Sequence(SafeNode? node, string what)
    {
        if (node is SafeSequence sequence)
        {
            return sequence;
        }

        if (node is not null && !(node is SafeScalar empty && empty.IsNull))
        {
            Error(PolicyErrorIds.WrongType, node, what + " must be a list, not " + Describe(node));
        }

        return null;
    }

    /// <summary>Reports keys outside <paramref name="allowed"/>, suggesting the nearest valid one.</summary>
    public void CheckKeys(SafeMapping mapping, string what, IReadOnlyCollection<string> allowed)
    {
        foreach (KeyValuePair<SafeScalar, SafeNode> entry in mapping.Entries)
        {
            if (!allowed.Contains(entry.Key.Value, StringComparer.Ordinal))
            {
                string suggestion = NameSuggester.Suggest(entry.Key.Value, allowed);
                Error(PolicyErrorIds.UnknownKey, entry.Key, "unknown key '" + entry.Key.Value + "' in " + what
                    + (suggestion.Length > 0 ? suggestion : "; valid keys: " + string.Join(", ", allowed)));
            }
        }
    }

    public SafeNode? Required(SafeMapping mapping, string key, string what)
    {
        SafeNode? node = mapping.Get(key);
        if (node is null || (node is SafeScalar s && s.IsNull))
        {
            Error(PolicyErrorIds.MissingField, node ?? mapping, what + " needs '" + key + "'");
            return null;
        }

        return node;
    }

    public string? Text(SafeNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is SafeScalar scalar && !scalar.IsNull)
        {
            return scalar.Value;
        }

        Error(PolicyErrorIds.WrongType, node, what + " must be text, not " + Describe(node));
        return null;
    }

    public string? RequiredText(SafeMapping mapping, string key, string what)
    {
        SafeNode? node = Required(mapping, key, what);
        string? text = Text(node, what + "." + key);
        if (text is not null && text.Trim().Length == 0)
        {
            Error(PolicyErrorIds.MissingField, node, what + "." + key + " cannot be empty");
            return null;
        }

        return text;
    }

    public bool? Bool(SafeNode node, string what)
    {
        if (node is SafeScalar scalar && ScalarTyping.Resolve(scalar) is bool b)
        {
            return b;
        }

        Error(PolicyErrorIds.WrongType, node, what + " must be true or false, not " + Describe(node));
        return null;
    }

    public int? Integer(SafeNode node, string what)
    {
        if (node is SafeScalar scalar && ScalarTyping.Resolve(scalar) is long l && l is >= int.MinValue and <= int.MaxValue)
        {
            return (int)l;
        }

        Error(PolicyErrorIds.WrongType, node, what + " must be a whole number, not " + Describe(node));
        return null;
    }

    public TimeSpan? Duration(SafeNode node, string what)
    {
        if (node is SafeScalar scalar && !scalar.IsNull)
        {
            if (DurationText.TryParse(scalar.Value, out TimeSpan duration))
            {
                return duration;
            }

            Error(PolicyErrorIds.InvalidDuration, node, what + ": '" + scalar.Value + "' is not a duration; write a whole number and a unit s, m, h, d or w, as in 90d or 12h");
            return null;
        }

        Error(PolicyErrorIds.WrongType, node, what + " must be a duration such as 90d, not " + Describe(node));
        return null;
    }

    public DateTimeOffset? Date(SafeNode node, string what)
    {
        if (node is SafeScalar scalar && !scalar.IsNull)
        {
            if (ValueCoercion.TryParseDate(scalar.Value, out DateTimeOffset date))
            {
                return date;
            }

            Error(PolicyErrorIds.InvalidDate, node, what + ": '" + scalar.Value + "' is not a date; write ISO 8601, as in 2026-12-31 or 2026-12-31T18:00:00Z");
            return null;
        }

        Error(PolicyErrorIds.WrongType, node, what + " must be a date such as 2026-12-31, not " + Describe(node));
        return null;
    }

    /// <summary>Reads a scalar that must be one of <paramref name="allowed"/> (case-insensitive), suggesting the nearest.</summary>
    public string? OneOf(SafeNode? node, string what, IReadOnlyCollection<string> allowed)
    {
        string? text = Text(node, what);
        if (text is null)
        {
            return null;
        }

        string? match = allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Error(PolicyErrorIds.InvalidValue, node, what + ": '" + text + "' is not one of " + string.Join(", ", allowed) + NameSuggester.Suggest(text, allowed));
        }

        return match;
    }

    public static string Describe(SafeNode node) => node switch
    {
        SafeScalar s when s.IsNull => "null",
        SafeScalar s => "'" + (s.Value.Length > 40 ? s.Value.Substring(0, 37) + "..." : s.Value) + "'",
        _ => node.ShapeName,
    };

    public static string Position(SafeNode node) => string.Format(CultureInfo.InvariantCulture, "{0}:{1}", node.Line, node.Column);
}
