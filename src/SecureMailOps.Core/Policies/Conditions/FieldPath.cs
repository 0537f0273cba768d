using System.Collections.Generic;
using System.Globalization;

namespace SecureMailOps.Core.Policies.Conditions;

/// <summary>A parsed field path such as <c>mfa.methods[0]</c> or <c>tls.version</c> (names are case-insensitive).</summary>
internal sealed class FieldPath
{
    private FieldPath(string text, FieldPathSegment[] segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public FieldPathSegment[] Segments { get; }

    /// <summary>Parses a path; names are letters, digits, '_' and '-', indexes are [n].</summary>
    public static bool TryParse(string text, out FieldPath? path, out string? problem)
    {
        path = null;
        problem = null;
        var segments = new List<FieldPathSegment>();
        int i = 0;
        if (text.Length == 0)
        {
            problem = "a field path cannot be empty";
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-'))
            {
                i++;
            }

            if (i == start)
            {
                problem = "a field name is expected at position " + (i + 1).ToString(CultureInfo.InvariantCulture);
                return false;
            }

            segments.Add(new FieldPathSegment(text.Substring(start, i - start), -1));
            while (i < text.Length && text[i] == '[')
            {
                int close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.Substring(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    problem = "a list index must be a whole number in brackets, as in methods[0]";
                    return false;
                }

                segments.Add(new FieldPathSegment(null, index));
                i = close + 1;
            }

            if (i < text.Length)
            {
                if (text[i] != '.' || i == text.Length - 1)
                {
                    problem = "unexpected '" + text[i] + "' at position " + (i + 1).ToString(CultureInfo.InvariantCulture);
                    return false;
                }

                i++;
            }
        }

        path = new FieldPath(text, segments.ToArray());
        return true;
    }

    public override string ToString() => Text;
}
