using System.Text.Json;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>Converts parsed JSON into the engine's record values (integers as long, other numbers as double).</summary>
internal static class JsonRecordConverter
{
    public static object? Convert(JsonElement element, string source)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var map = new RecordMap();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (map.ContainsKey(property.Name))
                    {
                        throw new SecureMailOpsException(PolicyErrorIds.InventoryInvalid, FailureKind.InvalidData,
                            source + ": the field '" + property.Name + "' appears twice (names are case-insensitive).", source);
                    }

                    map.Add(property.Name, Convert(property.Value, source));
                }

                return map;
            }

            case JsonValueKind.Array:
            {
                var list = new RecordList();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    list.Add(Convert(item, source));
                }

                return list;
            }

            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out long l) ? (object)l : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
