using System;
using System.Runtime.InteropServices;
using System.Security;

namespace SecureMailOps.Hosting;

/// <summary>Reads a SecureString into a char array the caller clears; the unmanaged copy is zeroed at once.</summary>
internal static class SecureStringReader
{
    public static char[] ToChars(SecureString secure)
    {
        IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            var chars = new char[secure.Length];
            Marshal.Copy(pointer, chars, 0, chars.Length);
            return chars;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    public static string ToPlainString(SecureString secure)
    {
        char[] chars = ToChars(secure);
        try
        {
            return new string(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
