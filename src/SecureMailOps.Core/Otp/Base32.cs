using System;
using System.Text;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// RFC 4648 Base32 as authenticator apps use it: upper-case alphabet, no padding on output.
/// Input is forgiving where people are (case, spaces, dashes, '=' padding) and strict where
/// a typo would silently change the secret (any other character is an error).
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes bytes as unpadded upper-case Base32.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The Base32 text.</returns>
    public static string Encode(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        var output = new StringBuilder((data.Length * 8 / 5) + 1);
        int buffer = 0;
        int bits = 0;
        foreach (byte b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            output.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return output.ToString();
    }

    /// <summary>Decodes Base32, tolerating case, white space, dashes and padding.</summary>
    /// <param name="text">The Base32 text.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="SecureMailOpsException">The text holds a character outside the alphabet, or is empty.</exception>
    public static byte[] Decode(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return Decode(text.AsSpan());
    }

    /// <summary>
    /// Decodes Base32 from a character array, so a secret read out of a SecureString never has to
    /// become an immutable (and uncleareable) string. The caller clears the array afterwards.
    /// </summary>
    /// <param name="chars">The Base32 characters.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="SecureMailOpsException">The text holds a character outside the alphabet, or is empty.</exception>
    public static byte[] Decode(char[] chars)
    {
        if (chars is null)
        {
            throw new ArgumentNullException(nameof(chars));
        }

        return Decode(new ReadOnlySpan<char>(chars));
    }

    /// <summary>Decodes Base32 from a span of characters, tolerating case, white space, dashes and padding.</summary>
    /// <param name="text">The Base32 characters.</param>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="SecureMailOpsException">The text holds a character outside the alphabet, or is empty.</exception>
    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        var output = new byte[text.Length * 5 / 8];
        int count = 0;
        int buffer = 0;
        int bits = 0;
        int symbols = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == ' ' || c == '-' || c == '\t' || c == '=' || c == '\r' || c == '\n')
            {
                continue;
            }

            int value = Value(c);
            if (value < 0)
            {
                Array.Clear(output, 0, output.Length);

                // The character itself is not secret material (it is not in the alphabet), but its
                // neighbours are: name only its position.
                throw new SecureMailOpsException(
                    OtpErrorIds.SecretInvalidCharacter,
                    FailureKind.InvalidArgument,
                    $"The secret is not valid Base32: the character at position {i + 1} is outside the alphabet A-Z, 2-7.");
            }

            symbols++;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output[count++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        if (symbols == 0)
        {
            throw new SecureMailOpsException(OtpErrorIds.SecretEmpty, FailureKind.InvalidArgument, "The secret is empty.");
        }

        if (count == output.Length)
        {
            return output;
        }

        var trimmed = new byte[count];
        Buffer.BlockCopy(output, 0, trimmed, 0, count);
        Array.Clear(output, 0, output.Length);
        return trimmed;
    }

    private static int Value(char c)
    {
        if (c >= 'A' && c <= 'Z')
        {
            return c - 'A';
        }

        if (c >= 'a' && c <= 'z')
        {
            return c - 'a';
        }

        if (c >= '2' && c <= '7')
        {
            return c - '2' + 26;
        }

        return -1;
    }
}
