using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies.Yaml;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>Converts YAML nodes into the engine's record values, typing plain scalars by YAML's core schema.</summary>
internal static class YamlRecordConverter
{
    public static object? Convert(SafeNode node, string file)
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
                        string source = file + ":" + entry.Key.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                            source + ": the field '" + entry.Key.Value + "' appears twice (names are case-insensitive).", source);
                    }

                    map.Add(entry.Key.Value, Convert(entry.Value, file));
                }

                return map;
            }

            case SafeSequence sequence:
            {
                var list = new RecordList();
                foreach (SafeNode item in sequence.Items)
                {
                    list.Add(Convert(item, file));
                }

                return list;
            }

            default:
                return ScalarTyping.Resolve((SafeScalar)node);
        }
    }
}
