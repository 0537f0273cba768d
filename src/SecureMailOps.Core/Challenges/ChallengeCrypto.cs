using System;
using System.Security.Cryptography;
using System.Text;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Random ids and codes, and the salted hash a challenge code is stored as. The hash binds the
/// code to its challenge id and purpose, so a stored hash is useless for any other request.
/// </summary>
internal static class ChallengeCrypto
{
    private const int SaltBytes = 16;
    private const int IdBytes = 16;

    /// <summary>A new challenge id: 128 bits from the CSPRNG, as 32 lower-case hex digits.</summary>
    public static string NewId()
    {
        byte[] bytes = RandomBytes(IdBytes);
        var text = new StringBuilder(IdBytes * 2);
        foreach (byte b in bytes)
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>A new random salt.</summary>
    public static byte[] NewSalt() => RandomBytes(SaltBytes);

    /// <summary>
    /// A uniformly random decimal code of the given length. Rejection sampling over 32-bit values
    /// avoids the modulo bias a plain <c>% 10^n</c> would have.
    /// </summary>
    [return: Secret]
    public static char[] NewCode(int digits)
    {
        var code = new char[digits];
        byte[] buffer = new byte[4];
        using var rng = RandomNumberGenerator.Create();
        const uint limit = uint.MaxValue - (uint.MaxValue % 10);
        for (int i = 0; i < digits; i++)
        {
            uint value;
            do
            {
                rng.GetBytes(buffer);
                value = BitConverter.ToUInt32(buffer, 0);
            }
            while (value >= limit);
            code[i] = (char)('0' + (value % 10));
        }

        Array.Clear(buffer, 0, buffer.Length);
        return code;
    }

    /// <summary>HMAC-SHA256 keyed with the salt over id, purpose and code.</summary>
    [return: Secret]
    public static byte[] Hash(byte[] salt, string id, string purpose, [Secret] char[] code)
    {
        byte[] idBytes = Encoding.UTF8.GetBytes(id + "\n" + purpose + "\n");
        byte[] codeBytes = Encoding.UTF8.GetBytes(code);
        byte[] message = new byte[idBytes.Length + codeBytes.Length];
        try
        {
            Buffer.BlockCopy(idBytes, 0, message, 0, idBytes.Length);
            Buffer.BlockCopy(codeBytes, 0, message, idBytes.Length, codeBytes.Length);
            using var hmac = new HMACSHA256(salt);
            return hmac.ComputeHash(message);
        }
        finally
        {
            Array.Clear(codeBytes, 0, codeBytes.Length);
            Array.Clear(message, 0, message.Length);
        }
    }

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(bytes);
        return bytes;
    }
}
