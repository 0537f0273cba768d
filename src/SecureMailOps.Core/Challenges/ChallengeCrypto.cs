using System;
using System.Security.Cryptography;
using System.Text;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Random ids, salts and codes for challenges (the hash a code is stored as is
/// <see cref="ChallengeKey"/>'s, keyed outside the database).
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

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(bytes);
        return bytes;
    }
}
