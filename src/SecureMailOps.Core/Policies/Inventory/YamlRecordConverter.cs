using System.Collections.Generic;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Yaml;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Converts YAML nodes into the engine's record values, typing plain scalars by YAML's core schema.
/// A node an alias names (<see cref="SafeNode.IsShared"/>) is converted once per file and its value
/// shared by every place that refers to it, as the YAML tree itself shares it: memory stays in
/// proportion to the file, not to what its aliases expand to. Records are read-only to the engine, so
/// sharing is safe; a whole record that is an alias gets its own top-level map.
/// </summary>
internal sealed class YamlRecordConverter
{
    private readonly Dictionary<SafeNode, object?> _shared = new();
    private readonly string _file;

    public YamlRecordConverter(string file)
    {
        _file = file;
    }

    /// <summary>Converts one record's node; the top-level map is never shared between records.</summary>
    public object? ConvertRecord(SafeNode node)
    {
        object? value = Convert(node);
        if (node.IsShared && value is RecordMap shared)
        {
            var copy = new RecordMap(shared.Count);
            foreach (KeyValuePair<string, object?> entry in shared)
            {
                copy.Add(entry.Key, entry.Value);
            }

            return copy;
        }

        return value;
    }

    private object? Convert(SafeNode node)
    {
        if (node.IsShared && _shared.TryGetValue(node, out object? done))
        {
            return done;
        }

        object? value = ConvertNew(node);
        if (node.IsShared)
        {
            _shared[node] = value;
        }

        return value;
    }

    private object? ConvertNew(SafeNode node)
    {
        switch (node)
        {
            case SafeMapping mapping:
            {
                var map = new RecordMap(mapping.Entries.Count);
                foreach (var entry in mapping.Entries)
                {
                    if (map.ContainsKey(entry.Key.Value))
                    {
                        string source = _file + ":" + entry.Key.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                            source + ": the field '" + entry.Key.Value + "' appears twice (names are case-insensitive).", source);
                    }

                    map.Add(entry.Key.Value, Convert(entry.Value));
                }

                return map;
            }

            case SafeSequence sequence:
            {
                var list = new RecordList();
                foreach (SafeNode item in sequence.Items)
                {
                    list.Add(Convert(item));
                }

                return list;
            }

            default:
                return ScalarTyping.Resolve((SafeScalar)node);
        }
    }
}
