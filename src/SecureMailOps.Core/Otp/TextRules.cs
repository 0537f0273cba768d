using System.Globalization;

namespace SecureMailOps.Core.Otp;

/// <summary>Checks on text that names things (account ids, purposes): nothing invisible, nothing that breaks a line.</summary>
internal static class TextRules
{
    /// <summary>
    /// Finds the first character that is a control or format character (zero-width spaces, soft
    /// hyphens, direction overrides, byte-order marks), a line or paragraph separator, or half of
    /// an unpaired surrogate.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>Its index, or -1 when there is none.</returns>
    public static int FindInvisibleCharacter(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    UnicodeCategory pair = CharUnicodeInfo.GetUnicodeCategory(text, i);
                    if (pair is UnicodeCategory.Format or UnicodeCategory.Control)
                    {
                        return i;
                    }

                    i++;
                    continue;
                }

                return i;
            }

            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                case UnicodeCategory.Surrogate:
                    return i;
            }
        }

        return -1;
    }
}
