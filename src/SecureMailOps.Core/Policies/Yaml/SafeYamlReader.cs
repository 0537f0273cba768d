using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using SecureMailOps.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SecureMailOps.Core.Policies.Yaml;

/// <summary>
/// Reads YAML into position-carrying nodes straight from YamlDotNet's event parser, never through its
/// object deserializer: no type is ever instantiated from a tag, duplicate keys are refused, nesting
/// depth and scalar length are bounded, and aliases are shared (not copied) with their expanded size
/// counted against one budget for the whole file (<see cref="SafeYamlLimits.NodeBudget"/>: never reset at a
/// document start, sized by the file's length), so an alias bomb is refused after a few hundred events
/// instead of exhausting memory. An alias may only name a node that is complete, which also rules out
/// cycles. Nodes an alias names are marked <see cref="SafeNode.IsShared"/> so converters can share them too.
/// </summary>
internal static class SafeYamlReader
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>Reads every document of a file (an empty document gives null).</summary>
    /// <exception cref="PolicyLoadException">The file is not valid YAML or breaks a limit.</exception>
    public static IReadOnlyList<SafeNode?> ReadFile(string path, SafeYamlLimits limits)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyLoadException(new PolicyLoadError(PolicyErrorIds.ReadFailed, FailureKind.ReadError, path, 0, 0, "cannot read the file: " + ex.Message));
        }

        if (length > limits.MaxFileBytes)
        {
            throw new PolicyLoadException(new PolicyLoadError(PolicyErrorIds.FileLimit, FailureKind.LimitsExceeded, path, 0, 0,
                string.Format(CultureInfo.InvariantCulture, "the file is {0} bytes; at most {1} are read", length, limits.MaxFileBytes)));
        }

        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return Read(reader, path, limits, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PolicyLoadException(new PolicyLoadError(PolicyErrorIds.ReadFailed, FailureKind.ReadError, path, 0, 0, "cannot read the file: " + ex.Message));
        }
    }

    /// <summary>Reads every document from text (an empty document gives null).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="file">The name errors carry, or null.</param>
    /// <param name="limits">The limits.</param>
    /// <param name="length">The length of the text in bytes or characters, which sizes the node budget.</param>
    /// <exception cref="PolicyLoadException">The text is not valid YAML or breaks a limit.</exception>
    public static IReadOnlyList<SafeNode?> Read(TextReader reader, string? file, SafeYamlLimits limits, long length)
    {
        if (limits is null)
        {
            throw new ArgumentNullException(nameof(limits));
        }

        var documents = new List<SafeNode?>();
        var stack = new List<Frame>();
        var anchors = new Dictionary<string, SafeNode>(StringComparer.Ordinal);
        SafeNode? root = null;

        // One budget for the whole file: a reset per document would let each '---' start a new bomb.
        long budget = 0;
        long maxNodes = limits.NodeBudget(length);
        var scanner = new Scanner(reader, skipComments: true);
        var parser = new Parser(scanner);
        try
        {
            while (parser.MoveNext())
            {
                ParsingEvent current = parser.Current!;
                int line = (int)current.Start.Line;
                int column = (int)current.Start.Column;
                switch (current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        root = null;
                        break;
                    case DocumentEnd:
                        documents.Add(root);
                        break;
                    case Scalar scalar:
                    {
                        if (scalar.Value.Length > limits.MaxScalarLength)
                        {
                            throw Fail(PolicyErrorIds.ScalarLimit, FailureKind.LimitsExceeded, file, line, column,
                                string.Format(CultureInfo.InvariantCulture, "a scalar of {0} characters is longer than the {1} allowed", scalar.Value.Length, limits.MaxScalarLength));
                        }

                        bool plain = scalar.Style == ScalarStyle.Plain && ScalarTagAllowsTyping(scalar.Tag, file, line, column);
                        var node = new SafeScalar(scalar.Value, plain, line, column);
                        Count(ref budget, 1, maxNodes, file, line, column, alias: false);
                        Remember(anchors, scalar.Anchor, node);
                        root = Attach(stack, root, node, file);
                        break;
                    }

                    case AnchorAlias alias:
                    {
                        if (!anchors.TryGetValue(alias.Value.Value, out SafeNode? target))
                        {
                            throw Fail(PolicyErrorIds.YamlSyntax, FailureKind.ParserError, file, line, column,
                                "the alias *" + alias.Value.Value + " names no complete anchored node before it");
                        }

                        Count(ref budget, target.Weight, maxNodes, file, line, column, alias: true);
                        target.IsShared = true;
                        root = Attach(stack, root, target, file);
                        break;
                    }

                    case SequenceStart sequence:
                        CheckCollectionTag(sequence.Tag, "seq", file, line, column);
                        Push(stack, new SafeSequence(line, column), sequence.Anchor, limits, maxNodes, file, ref budget);
                        break;
                    case MappingStart mapping:
                        CheckCollectionTag(mapping.Tag, "map", file, line, column);
                        Push(stack, new SafeMapping(line, column), mapping.Anchor, limits, maxNodes, file, ref budget);
                        break;
                    case SequenceEnd:
                    case MappingEnd:
                    {
                        Frame frame = stack[stack.Count - 1];
                        stack.RemoveAt(stack.Count - 1);
                        if (frame.Anchor is not null)
                        {
                            anchors[frame.Anchor] = frame.Node;
                        }

                        root = Attach(stack, root, frame.Node, file);
                        break;
                    }
                }
            }
        }
        catch (YamlException ex)
        {
            throw Fail(PolicyErrorIds.YamlSyntax, FailureKind.ParserError, file, (int)ex.Start.Line, (int)ex.Start.Column, "invalid YAML: " + CleanMessage(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // A few malformed inputs surface from YamlDotNet's scanner as plain exceptions; they are still syntax errors.
            Mark at = scanner.CurrentPosition;
            throw Fail(PolicyErrorIds.YamlSyntax, FailureKind.ParserError, file, (int)at.Line, (int)at.Column, "invalid YAML: " + ex.Message);
        }

        return documents;
    }

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes its own "(Line: a, Col: b, ...)"; the place is ours to print.
        string message = ex.Message;
        int close = message.StartsWith("(", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return close > 0 ? message.Substring(close + 3) : message;
    }

    private static void Push(List<Frame> stack, SafeNode node, AnchorName anchor, SafeYamlLimits limits, long maxNodes, string? file, ref long budget)
    {
        if (stack.Count >= limits.MaxDepth)
        {
            throw Fail(PolicyErrorIds.DepthLimit, FailureKind.LimitsExceeded, file, node.Line, node.Column,
                string.Format(CultureInfo.InvariantCulture, "nesting is deeper than the {0} levels allowed", limits.MaxDepth));
        }

        Count(ref budget, 1, maxNodes, file, node.Line, node.Column, alias: false);
        stack.Add(new Frame(node, anchor.IsEmpty ? null : anchor.Value));
    }

    private static void Remember(Dictionary<string, SafeNode> anchors, AnchorName anchor, SafeNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static void Count(ref long budget, long weight, long maxNodes, string? file, int line, int column, bool alias)
    {
        budget += weight;
        if (budget > maxNodes)
        {
            throw Fail(alias ? PolicyErrorIds.AliasLimit : PolicyErrorIds.FileLimit, FailureKind.LimitsExceeded, file, line, column,
                string.Format(CultureInfo.InvariantCulture, alias
                    ? "expanding aliases would make the file stand for more than the {0} nodes allowed for its size (all its documents together)"
                    : "the file has more than the {0} nodes allowed", maxNodes));
        }
    }

    private static SafeNode? Attach(List<Frame> stack, SafeNode? root, SafeNode node, string? file)
    {
        if (stack.Count == 0)
        {
            return node;
        }

        Frame parent = stack[stack.Count - 1];
        parent.Node.Weight += node.Weight;
        if (parent.Node is SafeSequence sequence)
        {
            sequence.Items.Add(node);
            return root;
        }

        var mapping = (SafeMapping)parent.Node;
        if (parent.PendingKey is null)
        {
            if (node is not SafeScalar key)
            {
                throw Fail(PolicyErrorIds.WrongType, FailureKind.InvalidData, file, node.Line, node.Column, "a mapping key must be a scalar, not " + node.ShapeName);
            }

            if (!parent.Keys.Add(key.Value))
            {
                throw Fail(PolicyErrorIds.DuplicateKey, FailureKind.InvalidData, file, key.Line, key.Column, "duplicate key '" + key.Value + "'");
            }

            parent.PendingKey = key;
        }
        else
        {
            mapping.Entries.Add(new KeyValuePair<SafeScalar, SafeNode>(parent.PendingKey, node));
            parent.PendingKey = null;
        }

        return root;
    }

    private static bool ScalarTagAllowsTyping(TagName tag, string? file, int line, int column)
    {
        if (tag.IsEmpty || tag.IsNonSpecific)
        {
            return !tag.IsNonSpecific;
        }

        switch (tag.Value)
        {
            case CoreTagPrefix + "str":
                return false;
            case CoreTagPrefix + "int":
            case CoreTagPrefix + "float":
            case CoreTagPrefix + "bool":
            case CoreTagPrefix + "null":
                return true;
            default:
                throw Fail(PolicyErrorIds.UnsupportedTag, FailureKind.InvalidData, file, line, column,
                    "the tag '" + tag.Value + "' is not supported; only YAML's core tags (!!str, !!int, !!float, !!bool, !!null) are");
        }
    }

    private static void CheckCollectionTag(TagName tag, string expected, string? file, int line, int column)
    {
        if (!tag.IsEmpty && !tag.IsNonSpecific && !string.Equals(tag.Value, CoreTagPrefix + expected, StringComparison.Ordinal))
        {
            throw Fail(PolicyErrorIds.UnsupportedTag, FailureKind.InvalidData, file, line, column,
                "the tag '" + tag.Value + "' is not supported on a collection");
        }
    }

    private static PolicyLoadException Fail(string id, FailureKind kind, string? file, int line, int column, string detail) =>
        new(new PolicyLoadError(id, kind, file, line, column, detail));

    private sealed class Frame
    {
        public Frame(SafeNode node, string? anchor)
        {
            Node = node;
            Anchor = anchor;
        }

        public SafeNode Node { get; }

        public string? Anchor { get; }

        public SafeScalar? PendingKey { get; set; }

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
