using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Security;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Hosting;

/// <summary>
/// Turns pipeline objects into the engine's record model, so the engine never sees a PSObject:
/// PSCustomObjects and adapted objects (for example an AD user) through their PowerShell properties,
/// hashtables and dictionaries by key, plain .NET objects (such as Test-SmtpServer's Connection
/// records) by their public properties, nested to a bounded depth. Names containing dots become
/// nested fields. A PSCustomObject whose properties are all text (what Import-Csv and ConvertFrom-Csv
/// give) is a CSV row and goes through the engine's <see cref="CsvRowMapping"/>, the same mapping as
/// <c>-Path x.csv</c> (list columns <c>name[]</c>, dotted names, empty cells as no field).
/// SecureString values are never read.
/// </summary>
internal static class RecordConverter
{
    /// <summary>How deep nested objects are followed; deeper values are left out.</summary>
    public const int MaxDepth = 8;

    /// <summary>How many items of one list are taken.</summary>
    public const int MaxItems = 10_000;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertyCache = new();
    private static readonly object Skip = new();

    [ThreadStatic]
    private static CsvRowMapping? _lastCsvMapping;

    public static InventoryRecord ToRecord(object input, TargetKind? defaultKind, string source) => ToRecord(input, defaultKind, source, null);

    /// <summary>Converts a pipeline object; <paramref name="inventorySource"/> (-Source) reads it as that source whatever its shape.</summary>
    public static InventoryRecord ToRecord(object input, TargetKind? defaultKind, string source, string? inventorySource)
    {
        object value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is InventoryRecord record)
        {
            return record;
        }

        if (input is PSObject row && TryReadCsvRow(row, out List<string>? names, out List<string?>? cells))
        {
            // Rows of one Import-Csv share their header: the mapping is built once and reused.
            CsvRowMapping mapping = _lastCsvMapping is { } last && last.IsFor(names!) ? last : new CsvRowMapping(names!, source);
            _lastCsvMapping = mapping;
            return InventoryRecord.FromFields(mapping.Map(cells!, source), defaultKind, source, inventorySource);
        }

        if (Convert(input, 0) is not RecordMap fields)
        {
            throw new Core.Errors.SecureMailOpsException(PolicyErrorIds.InventoryInvalid, Core.Errors.FailureKind.InvalidData,
                source + ": a " + value.GetType().Name + " has no fields to evaluate; pass objects with properties, hashtables or inventory records.", input);
        }

        return InventoryRecord.FromFields(fields, defaultKind, source, inventorySource);
    }

    public static object? Convert(object? value, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case PSObject ps:
                return ConvertPSObject(ps, depth);
            case string or bool or long or double:
                return value;
            case int or short or byte or sbyte or ushort or uint:
                return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            case ulong u:
                return (double)u;
            case float or decimal:
                return System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            case char c:
                return c.ToString();
            case DateTime dt:
                return dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : new DateTimeOffset(dt);
            case DateTimeOffset:
                return value;
            case Enum e:
                return e.ToString();
            case SecureString:
                return Skip;
            case Guid or Version or TimeSpan or Uri or System.Net.IPAddress:
                return System.Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        if (depth >= MaxDepth)
        {
            return Skip;
        }

        switch (value)
        {
            case IDictionary dictionary:
            {
                var map = new RecordMap(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    Set(map, System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Convert(entry.Value, depth + 1));
                }

                return map;
            }

            case IEnumerable items:
            {
                var list = new RecordList();
                foreach (object? item in items)
                {
                    if (list.Count >= MaxItems)
                    {
                        break;
                    }

                    object? converted = Convert(item, depth + 1);
                    if (!ReferenceEquals(converted, Skip))
                    {
                        list.Add(converted);
                    }
                }

                return list;
            }

            default:
            {
                var map = new RecordMap();
                foreach (PropertyInfo property in PropertiesOf(value.GetType()))
                {
                    object? propertyValue;
                    try
                    {
                        propertyValue = property.GetValue(value);
                    }
#pragma warning disable CA1031 // A property that throws (lazy-loading, platform-specific) is left out; the others still count.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        continue;
                    }

                    Set(map, property.Name, Convert(propertyValue, depth + 1));
                }

                return map;
            }
        }
    }

    private static object? ConvertPSObject(PSObject ps, int depth)
    {
        object baseObject = ps.BaseObject;
        if (baseObject is not PSCustomObject && (baseObject is IEnumerable || IsScalar(baseObject)))
        {
            return Convert(baseObject, depth);
        }

        if (depth >= MaxDepth)
        {
            return Skip;
        }

        // PowerShell's own view of the object: note properties, adapted properties (AD, WMI, XML), script properties.
        var map = new RecordMap();
        foreach (PSPropertyInfo property in ps.Properties)
        {
            if (!property.IsGettable)
            {
                continue;
            }

            object? propertyValue;
            try
            {
                propertyValue = property.Value;
            }
#pragma warning disable CA1031 // A property that throws (script property, lazy adapter) is left out; the others still count.
            catch (Exception)
#pragma warning restore CA1031
            {
                continue;
            }

            Set(map, property.Name, Convert(propertyValue, depth + 1));
        }

        return map;
    }

    private static bool TryReadCsvRow(PSObject row, out List<string>? names, out List<string?>? cells)
    {
        names = null;
        cells = null;
        if (row.BaseObject is not PSCustomObject)
        {
            return false;
        }

        var rowNames = new List<string>();
        var rowCells = new List<string?>();
        foreach (PSPropertyInfo property in row.Properties)
        {
            if (property is not PSNoteProperty note || note.Value is not (string or null))
            {
                return false;
            }

            rowNames.Add(note.Name);
            rowCells.Add((string?)note.Value);
        }

        names = rowNames;
        cells = rowCells;
        return rowNames.Count > 0;
    }

    private static bool IsScalar(object value) =>
        value.GetType().IsPrimitive || value is string or decimal or DateTime or DateTimeOffset or Enum or SecureString
            or Guid or Version or TimeSpan or Uri or System.Net.IPAddress;

    private static void Set(RecordMap map, string name, object? value)
    {
        if (ReferenceEquals(value, Skip) || name.Length == 0)
        {
            return;
        }

        if (name.IndexOf('.') < 0)
        {
            map[name] = value;
            return;
        }

        string[] parts = name.Split('.');
        RecordMap current = map;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!current.TryGetValue(parts[i], out object? next) || next is not RecordMap nested)
            {
                nested = new RecordMap();
                current[parts[i]] = nested;
            }

            current = nested;
        }

        current[parts[parts.Length - 1]] = value;
    }

    private static PropertyInfo[] PropertiesOf(Type type) =>
        PropertyCache.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .ToArray());
}
