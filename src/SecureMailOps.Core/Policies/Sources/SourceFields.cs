using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>Reads the fields of a source's records: text, booleans (and the words downloads write for them), and column names as people write them.</summary>
internal static class SourceFields
{
    public static void Copy(RecordMap from, string name, RecordMap to, string target)
    {
        if (from.TryGetValue(name, out object? value) && value is not null)
        {
            to[target] = value is string text && bool.TryParse(text, out bool flag) ? flag : value;
        }
    }

    public static void CopyBool(RecordMap from, string name, RecordMap to, string target)
    {
        bool? flag = Bool(from, name);
        if (flag is not null)
        {
            to[target] = flag.Value;
        }
    }

    public static string? Text(RecordMap fields, string name) =>
        fields.TryGetValue(name, out object? value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static bool? Bool(RecordMap fields, string name) =>
        fields.TryGetValue(name, out object? value) && ValueCoercion.TryBool(value, out bool flag) ? flag : null;

    /// <summary>
    /// Reads a word as a boolean: "Capable", "Registered", "Enabled", "Yes", "True" are true; the same with
    /// "Not " before them, "No", "False", "Disabled" are false; anything else (empty, "Unknown") is null.
    /// </summary>
    public static bool? Word(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string word = Normalize(text);
        return word switch
        {
            "capable" or "registered" or "enabled" or "yes" or "true" => true,
            "notcapable" or "notregistered" or "notenabled" or "disabled" or "no" or "false" or "incapable" or "unregistered" => false,
            _ => null,
        };
    }

    /// <summary>Lowercases and keeps letters and digits only: "User principal name" and "userPrincipalName" are the same column.</summary>
    public static string Normalize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(char.ToLowerInvariant(c));
            }
        }

        return text.ToString();
    }

    /// <summary>Indexes a record's top-level field names by their normalised form (first wins).</summary>
    public static Dictionary<string, string> NormalizedNames(RecordMap fields)
    {
        var names = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> entry in fields)
        {
            string key = Normalize(entry.Key);
            if (!names.ContainsKey(key))
            {
                names[key] = entry.Key;
            }
        }

        return names;
    }

    /// <summary>Gives the text of the first of several column names (in normalised form) the record has, or null.</summary>
    public static string? Column(RecordMap fields, Dictionary<string, string> names, params string[] normalized)
    {
        foreach (string candidate in normalized)
        {
            if (names.TryGetValue(candidate, out string? actual))
            {
                string? text = Text(fields, actual);
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text!.Trim();
                }
            }
        }

        return null;
    }

    /// <summary>Tells whether the record has one of the column names (in normalised form).</summary>
    public static bool HasColumn(Dictionary<string, string> names, params string[] normalized)
    {
        foreach (string candidate in normalized)
        {
            if (names.ContainsKey(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
