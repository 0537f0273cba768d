using System;
using System.Security.Cryptography;
using OtpNet;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Otp.NET's key seam for HMAC-SHA-1 with the key schedule done once: the SHA-1 states after the
/// inner and outer key blocks (key XOR ipad / opad, RFC 2104) are computed in the constructor, so
/// each code costs exactly two SHA-1 compressions of one block and nothing else. The platform HMAC
/// goes through OpenSSL here, whose per-call setup (not the hash) is what makes stock Otp.NET ten
/// times slower than oathtool; a cached platform HMAC still pays part of it per call.
/// Only the two 160-bit midstates are kept (never the key); they are cleared on Dispose.
/// Not thread-safe: one instance per thread or per verification.
/// </summary>
public sealed class Sha1HmacKeyProvider : IKeyProvider, IDisposable
{
    private const int BlockSize = 64;
    private const int DigestSize = 20;

    private readonly uint[] _inner = new uint[5];
    private readonly uint[] _outer = new uint[5];
    private readonly uint[] _schedule = new uint[16];
    private readonly byte[] _block = new byte[BlockSize];

    /// <summary>Creates a provider for one key.</summary>
    /// <param name="key">The shared secret; the caller may clear its copy afterwards.</param>
    public Sha1HmacKeyProvider(byte[] key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        byte[]? hashedKey = null;
        try
        {
            if (key.Length > BlockSize)
            {
                // RFC 2104: keys longer than the block are hashed first. SHA-1 is what HMAC-SHA-1 requires here.
#pragma warning disable CA5350
                using var sha1 = SHA1.Create();
#pragma warning restore CA5350
                hashedKey = sha1.ComputeHash(key);
                key = hashedKey;
            }

            // The key padded with zeros to a block, XORed with ipad, then with opad: no padded copy is kept.
            for (int i = 0; i < BlockSize; i++)
            {
                _block[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x36);
            }

            Initialize(_inner);
            Compress(_inner, _block);
            for (int i = 0; i < BlockSize; i++)
            {
                _block[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x5c);
            }

            Initialize(_outer);
            Compress(_outer, _block);
        }
        finally
        {
            Array.Clear(_block, 0, _block.Length);
            Array.Clear(_schedule, 0, _schedule.Length);
            if (hashedKey is not null)
            {
                Array.Clear(hashedKey, 0, hashedKey.Length);
            }
        }
    }

    /// <inheritdoc />
    public byte[] ComputeHmac(OtpHashMode mode, byte[] data)
    {
        if (mode != OtpHashMode.Sha1)
        {
            throw new ArgumentException("The provider computes HMAC-SHA-1 only.", nameof(mode));
        }

        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        var result = new byte[DigestSize];
        ComputeHmac(data, result);
        return result;
    }

    /// <summary>Computes HMAC-SHA-1 of a message into a 20-byte buffer without allocating.</summary>
    /// <param name="data">The message.</param>
    /// <param name="destination">Receives the 20-byte MAC.</param>
    public void ComputeHmac(byte[] data, byte[] destination)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (destination is null || destination.Length < DigestSize)
        {
            throw new ArgumentException("The destination must hold 20 bytes.", nameof(destination));
        }

        Span<uint> state = stackalloc uint[5];

        // Inner hash: continue from the ipad state over the message (64 key bytes already counted).
        for (int i = 0; i < 5; i++)
        {
            state[i] = _inner[i];
        }

        HashTail(state, data, data.Length, BlockSize);
        for (int i = 0; i < 5; i++)
        {
            WriteBigEndian(destination, i * 4, state[i]);
        }

        // Outer hash: continue from the opad state over the 20-byte inner digest.
        for (int i = 0; i < 5; i++)
        {
            state[i] = _outer[i];
        }

        HashTail(state, destination, DigestSize, BlockSize);
        for (int i = 0; i < 5; i++)
        {
            WriteBigEndian(destination, i * 4, state[i]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Array.Clear(_inner, 0, _inner.Length);
        Array.Clear(_outer, 0, _outer.Length);
        Array.Clear(_schedule, 0, _schedule.Length);
        Array.Clear(_block, 0, _block.Length);
    }

    private static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static uint RotateLeft(uint value, int count) => (value << count) | (value >> (32 - count));

    // Hashes the rest of a message whose first `alreadyHashed` bytes are in `state`, with SHA-1 padding.
    private void HashTail(Span<uint> state, byte[] data, int length, long alreadyHashed)
    {
        int offset = 0;
        while (length - offset >= BlockSize)
        {
            Buffer.BlockCopy(data, offset, _block, 0, BlockSize);
            Compress(state, _block);
            offset += BlockSize;
        }

        int rest = length - offset;
        Array.Clear(_block, 0, BlockSize);
        Buffer.BlockCopy(data, offset, _block, 0, rest);
        _block[rest] = 0x80;
        if (rest >= BlockSize - 8)
        {
            Compress(state, _block);
            Array.Clear(_block, 0, BlockSize);
        }

        long bits = (alreadyHashed + length) * 8;
        for (int i = 0; i < 8; i++)
        {
            _block[BlockSize - 1 - i] = (byte)(bits >> (8 * i));
        }

        Compress(state, _block);
    }

    // FIPS 180-4 section 6.1.2: one SHA-1 compression of a 64-byte block. The schedule is kept
    // in a 16-word ring (W[t] depends only on the previous 16 words); one loop per round function.
    private void Compress(Span<uint> state, byte[] block)
    {
        uint[] w = _schedule;
        for (int t = 0; t < 16; t++)
        {
            int i = t * 4;
            w[t] = ((uint)block[i] << 24) | ((uint)block[i + 1] << 16) | ((uint)block[i + 2] << 8) | block[i + 3];
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (int t = 0; t < 20; t++)
        {
            uint temp = RotateLeft(a, 5) + ((b & c) | (~b & d)) + e + 0x5A827999 + Schedule(w, t);
            e = d;
            d = c;
            c = RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        for (int t = 20; t < 40; t++)
        {
            uint temp = RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + Schedule(w, t);
            e = d;
            d = c;
            c = RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        for (int t = 40; t < 60; t++)
        {
            uint temp = RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDC + Schedule(w, t);
            e = d;
            d = c;
            c = RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        for (int t = 60; t < 80; t++)
        {
            uint temp = RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + Schedule(w, t);
            e = d;
            d = c;
            c = RotateLeft(b, 30);
            b = a;
            a = temp;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }

    private static uint Schedule(uint[] w, int t)
    {
        if (t < 16)
        {
            return w[t];
        }

        uint value = RotateLeft(w[(t - 3) & 15] ^ w[(t - 8) & 15] ^ w[(t - 14) & 15] ^ w[t & 15], 1);
        w[t & 15] = value;
        return value;
    }
}
