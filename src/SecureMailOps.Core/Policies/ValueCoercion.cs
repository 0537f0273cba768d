using System;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// The documented coercion rules: a value is compared as the type the rule's operand has. Text
/// "true"/"false" (any case) is a boolean; text in invariant number syntax is a number; ISO 8601 text
/// (2024-05-01, 2024-05-01T10:00:00Z) is a date; numbers and booleans compare with text by their
/// invariant spelling. Anything else is the wrong type, which makes the finding an Error.
/// </summary>
internal static class ValueCoercion
{
    private static readonly Regex IsoDate = new(
        @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:?\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
        TimeSpan.FromSeconds(1));

    private static readonly string[] DateFormats =
    {
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-ddTHH:mmZ", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ssZ",
        "yyyy-MM-ddTHH:mm:sszz", "yyyy-MM-ddTHH:mm:sszzzz",
    };

    public static bool TryBool(object? value, out bool result)
    {
        switch (value)
        {
            case bool b:
                result = b;
                return true;
            case string s when string.Equals(s, "true", StringComparison.OrdinalIgnoreCase):
                result = true;
                return true;
            case string s when string.Equals(s, "false", StringComparison.OrdinalIgnoreCase):
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }

    public static bool TryNumber(object? value, out double result)
    {
        switch (value)
        {
            case double d:
                result = d;
                return !double.IsNaN(d);
            case long l:
                result = l;
                return true;
            case int i:
                result = i;
                return true;
            case string s:
                return TryParseNumber(s, out result);
            case float f:
                result = f;
                return !float.IsNaN(f);
            case decimal m:
                result = (double)m;
                return true;
            case short or byte or sbyte or ushort or uint or ulong:
                result = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                return true;
            default:
                result = 0;
                return false;
        }
    }

    public static bool TryParseNumber(string text, out double result) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out result)
            && !double.IsInfinity(result);

    public static bool TryDate(object? value, out DateTimeOffset result)
    {
        switch (value)
        {
            case DateTimeOffset d:
                result = d;
                return true;
            case DateTime dt:
                result = dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)) : new DateTimeOffset(dt);
                return true;
            case string s:
                return TryParseDate(s, out result);
            default:
                result = default;
                return false;
        }
    }

    /// <summary>Parses ISO 8601 text; a date or time without an offset is UTC.</summary>
    public static bool TryParseDate(string text, out DateTimeOffset result)
    {
        // Fast path for the common date-only form (yyyy-MM-dd): inventories are full of them.
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text, 0, 4, out int year) && TryDigits(text, 5, 2, out int month) && TryDigits(text, 8, 2, out int day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            result = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
            return true;
        }

        result = default;
        return text.Length <= 40 && IsoDate.IsMatch(text)
            && DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result);
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    public static bool TryText(object? value, out string result)
    {
        switch (value)
        {
            case string s:
                result = s;
                return true;
            case bool b:
                result = b ? "true" : "false";
                return true;
            case double d:
                result = d.ToString("R", CultureInfo.InvariantCulture);
                return true;
            case long l:
                result = l.ToString(CultureInfo.InvariantCulture);
                return true;
            case DateTimeOffset dto:
                result = dto.ToString("o", CultureInfo.InvariantCulture);
                return true;
            case IFormattable f when value is not IEnumerable:
                result = f.ToString(null, CultureInfo.InvariantCulture);
                return true;
            default:
                result = string.Empty;
                return false;
        }
    }

    /// <summary>Spells a value for a finding's reason: text quoted, lists in brackets, dates in ISO form.</summary>
    public static string Describe(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return "'" + (s.Length > 80 ? s.Substring(0, 77) + "..." : s) + "'";
            case bool b:
                return b ? "true" : "false";
            case DateTimeOffset d:
                return d.TimeOfDay == TimeSpan.Zero && d.Offset == TimeSpan.Zero
                    ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : d.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
            case TimeSpan t:
                return DurationText.Format(t);
            case RecordMap:
                return "a mapping";
            case IEnumerable list:
                var builder = new StringBuilder("[");
                int n = 0;
                foreach (object? item in list)
                {
                    if (n > 0)
                    {
                        builder.Append(", ");
                    }

                    if (n == 10)
                    {
                        builder.Append("...");
                        break;
                    }

                    builder.Append(Describe(item));
                    n++;
                }

                return builder.Append(']').ToString();
            default:
                return TryText(value, out string text) ? text : value.GetType().Name;
        }
    }

    /// <summary>Names a value's type for a wrong-type reason.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        string => "text",
        bool => "a boolean",
        double or long => "a number",
        DateTimeOffset => "a date",
        RecordMap => "a mapping",
        RecordList => "a list",
        _ => value.GetType().Name,
    };
}
