using System;

namespace SecureMailOps.Core.Policies.Inventory;

/// <summary>
/// Checks that bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF), as decoding them would: a JSON string whose value is skipped, not decoded, must still be an
/// error when its bytes are not text. ASCII, the usual case, is one comparison per byte.
/// </summary>
internal static class Utf8Validation
{
    /// <summary>Tells whether the bytes are well-formed UTF-8.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>True when they are.</returns>
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            int length;
            int min;
            if (b >= 0xC2 && b <= 0xDF)
            {
                length = 2;
                min = 0x80;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                length = 3;
                min = 0x800;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                length = 4;
                min = 0x10000;
            }
            else
            {
                return false;
            }

            if (i + length > bytes.Length)
            {
                return false;
            }

            int code = b & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++)
            {
                byte next = bytes[i + k];
                if ((next & 0xC0) != 0x80)
                {
                    return false;
                }

                code = (code << 6) | (next & 0x3F);
            }

            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                return false;
            }

            i += length;
        }

        return true;
    }
}
