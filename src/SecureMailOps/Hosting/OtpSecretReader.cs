using System;
using System.Security;
using SecureMailOps.Core.Otp;

namespace SecureMailOps.Hosting;

/// <summary>
/// Turns a secret parameter (SecureString) into key bytes: the characters go from the SecureString
/// into a char array that is decoded and cleared, never into an immutable string.
/// </summary>
internal static class OtpSecretReader
{
    /// <summary>Decodes a Base32 secret; the caller clears the returned bytes.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>The key bytes.</returns>
    public static byte[] DecodeKey(SecureString secret)
    {
        char[] chars = SecureStringReader.ToChars(secret);
        try
        {
            return Base32.Decode(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
