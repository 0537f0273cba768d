using System;
using System.Security.Cryptography;
using System.Text;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Backup (look-up) codes: 24 characters from a 30-symbol alphabet without look-alikes (no 0/O,
/// 1/I/L, U/V), about 117.8 bits from the CSPRNG, shown in six groups of four. With more than
/// 112 bits NIST SP 800-63B 5.1.2.2 accepts an approved fast hash, so only SHA-256 over a
/// domain tag, the account and the code is stored; no salt or KDF is needed.
/// </summary>
internal static class BackupCodeFormat
{
    public const int Length = 24;
    public const int GroupSize = 4;
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static readonly byte[] DomainTag = Encoding.ASCII.GetBytes("SecureMailOps/backup-code/v1\0");

    /// <summary>Gets the entropy of one code in bits.</summary>
    public static double EntropyBits => Length * Math.Log(Alphabet.Length, 2);

    /// <summary>Creates a code, grouped with dashes.</summary>
    /// <param name="random">The CSPRNG.</param>
    /// <returns>The code.</returns>
    public static string Create(RandomNumberGenerator random)
    {
        var code = new StringBuilder(Length + (Length / GroupSize));
        byte[] one = new byte[1];
        int produced = 0;
        while (produced < Length)
        {
            random.GetBytes(one);

            // Rejection sampling: 240 is the largest multiple of 30 within a byte, so no symbol is favoured.
            if (one[0] >= 240)
            {
                continue;
            }

            if (produced > 0 && produced % GroupSize == 0)
            {
                code.Append('-');
            }

            code.Append(Alphabet[one[0] % Alphabet.Length]);
            produced++;
        }

        one[0] = 0;
        return code.ToString();
    }

    /// <summary>
    /// Normalises typed input (case, spaces, dashes) into a new array of exactly <see cref="Length"/>
    /// alphabet characters, or returns null when it is not a backup code. The caller clears the result.
    /// </summary>
    /// <param name="input">The typed code.</param>
    /// <returns>The normalised characters, or null.</returns>
    public static char[]? Normalize(ReadOnlySpan<char> input)
    {
        var result = new char[Length];
        int count = 0;
        foreach (char raw in input)
        {
            if (raw == ' ' || raw == '-' || raw == '\t')
            {
                continue;
            }

            char c = raw >= 'a' && raw <= 'z' ? (char)(raw - 'a' + 'A') : raw;
            if (count == Length || Alphabet.IndexOf(c) < 0)
            {
                Array.Clear(result, 0, result.Length);
                return null;
            }

            result[count++] = c;
        }

        if (count != Length)
        {
            Array.Clear(result, 0, result.Length);
            return null;
        }

        return result;
    }

    /// <summary>Hashes a normalised code for an account.</summary>
    /// <param name="accountId">The normalised account id.</param>
    /// <param name="normalized">The normalised characters.</param>
    /// <returns>The SHA-256 hash.</returns>
    [return: Secret]
    public static byte[] Hash(string accountId, [Secret] char[] normalized)
    {
        byte[] account = Encoding.UTF8.GetBytes(accountId);
        byte[] input = new byte[DomainTag.Length + account.Length + 1 + normalized.Length];
        try
        {
            Buffer.BlockCopy(DomainTag, 0, input, 0, DomainTag.Length);
            Buffer.BlockCopy(account, 0, input, DomainTag.Length, account.Length);
            int offset = DomainTag.Length + account.Length + 1;
            for (int i = 0; i < normalized.Length; i++)
            {
                input[offset + i] = (byte)normalized[i];
            }

            using var sha = SHA256.Create();
            return sha.ComputeHash(input);
        }
        finally
        {
            Array.Clear(input, 0, input.Length);
        }
    }
}
