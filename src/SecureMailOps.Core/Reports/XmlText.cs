using System.Text;

namespace SecureMailOps.Core.Reports;

/// <summary>Keeps text within what XML 1.0 can carry: characters it forbids become U+FFFD.</summary>
internal static class XmlText
{
    public static string Clean(string value)
    {
        int i = 0;
        while (i < value.Length && IsAllowed(value, i))
        {
            i += char.IsHighSurrogate(value[i]) ? 2 : 1;
        }

        if (i >= value.Length)
        {
            return value;
        }

        var clean = new StringBuilder(value.Length).Append(value, 0, i);
        while (i < value.Length)
        {
            if (IsAllowed(value, i))
            {
                int width = char.IsHighSurrogate(value[i]) ? 2 : 1;
                clean.Append(value, i, width);
                i += width;
            }
            else
            {
                clean.Append('\uFFFD');
                i++;
            }
        }

        return clean.ToString();
    }

    private static bool IsAllowed(string value, int i)
    {
        char c = value[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return false;
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
    }
}
