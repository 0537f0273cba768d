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

    // FIPS 180-4 section 6.1.2: one SHA-1 compression of a 64-byte block, fully unrolled: the
    // schedule lives in 16 locals (W[t] depends only on the previous 16 words) and the five working
    // variables change roles from round to round instead of being shifted, so the JIT keeps
    // everything in registers with no bounds checks. Generated; the RFC 6238 vectors, the oathtool
    // cross-checks and a comparison with the platform HMAC-SHA-1 for many key and message lengths test it.
    private static void Compress(Span<uint> state, byte[] block)
    {
        if (block.Length < BlockSize)
        {
            throw new ArgumentException("A block is 64 bytes.", nameof(block));
        }

        uint w0 = ((uint)block[0] << 24) | ((uint)block[1] << 16) | ((uint)block[2] << 8) | block[3];
        uint w1 = ((uint)block[4] << 24) | ((uint)block[5] << 16) | ((uint)block[6] << 8) | block[7];
        uint w2 = ((uint)block[8] << 24) | ((uint)block[9] << 16) | ((uint)block[10] << 8) | block[11];
        uint w3 = ((uint)block[12] << 24) | ((uint)block[13] << 16) | ((uint)block[14] << 8) | block[15];
        uint w4 = ((uint)block[16] << 24) | ((uint)block[17] << 16) | ((uint)block[18] << 8) | block[19];
        uint w5 = ((uint)block[20] << 24) | ((uint)block[21] << 16) | ((uint)block[22] << 8) | block[23];
        uint w6 = ((uint)block[24] << 24) | ((uint)block[25] << 16) | ((uint)block[26] << 8) | block[27];
        uint w7 = ((uint)block[28] << 24) | ((uint)block[29] << 16) | ((uint)block[30] << 8) | block[31];
        uint w8 = ((uint)block[32] << 24) | ((uint)block[33] << 16) | ((uint)block[34] << 8) | block[35];
        uint w9 = ((uint)block[36] << 24) | ((uint)block[37] << 16) | ((uint)block[38] << 8) | block[39];
        uint w10 = ((uint)block[40] << 24) | ((uint)block[41] << 16) | ((uint)block[42] << 8) | block[43];
        uint w11 = ((uint)block[44] << 24) | ((uint)block[45] << 16) | ((uint)block[46] << 8) | block[47];
        uint w12 = ((uint)block[48] << 24) | ((uint)block[49] << 16) | ((uint)block[50] << 8) | block[51];
        uint w13 = ((uint)block[52] << 24) | ((uint)block[53] << 16) | ((uint)block[54] << 8) | block[55];
        uint w14 = ((uint)block[56] << 24) | ((uint)block[57] << 16) | ((uint)block[58] << 8) | block[59];
        uint w15 = ((uint)block[60] << 24) | ((uint)block[61] << 16) | ((uint)block[62] << 8) | block[63];
        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        e += RotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w0;
        b = RotateLeft(b, 30);
        d += RotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w1;
        a = RotateLeft(a, 30);
        c += RotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w2;
        e = RotateLeft(e, 30);
        b += RotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w3;
        d = RotateLeft(d, 30);
        a += RotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w4;
        c = RotateLeft(c, 30);
        e += RotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w5;
        b = RotateLeft(b, 30);
        d += RotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w6;
        a = RotateLeft(a, 30);
        c += RotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w7;
        e = RotateLeft(e, 30);
        b += RotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w8;
        d = RotateLeft(d, 30);
        a += RotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w9;
        c = RotateLeft(c, 30);
        e += RotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w10;
        b = RotateLeft(b, 30);
        d += RotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w11;
        a = RotateLeft(a, 30);
        c += RotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w12;
        e = RotateLeft(e, 30);
        b += RotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w13;
        d = RotateLeft(d, 30);
        a += RotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w14;
        c = RotateLeft(c, 30);
        e += RotateLeft(a, 5) + ((b & c) | (~b & d)) + 0x5A827999 + w15;
        b = RotateLeft(b, 30);
        w0 = RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        d += RotateLeft(e, 5) + ((a & b) | (~a & c)) + 0x5A827999 + w0;
        a = RotateLeft(a, 30);
        w1 = RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        c += RotateLeft(d, 5) + ((e & a) | (~e & b)) + 0x5A827999 + w1;
        e = RotateLeft(e, 30);
        w2 = RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        b += RotateLeft(c, 5) + ((d & e) | (~d & a)) + 0x5A827999 + w2;
        d = RotateLeft(d, 30);
        w3 = RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        a += RotateLeft(b, 5) + ((c & d) | (~c & e)) + 0x5A827999 + w3;
        c = RotateLeft(c, 30);
        w4 = RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w4;
        b = RotateLeft(b, 30);
        w5 = RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w5;
        a = RotateLeft(a, 30);
        w6 = RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w6;
        e = RotateLeft(e, 30);
        w7 = RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w7;
        d = RotateLeft(d, 30);
        w8 = RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w8;
        c = RotateLeft(c, 30);
        w9 = RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w9;
        b = RotateLeft(b, 30);
        w10 = RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w10;
        a = RotateLeft(a, 30);
        w11 = RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w11;
        e = RotateLeft(e, 30);
        w12 = RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w12;
        d = RotateLeft(d, 30);
        w13 = RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w13;
        c = RotateLeft(c, 30);
        w14 = RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w14;
        b = RotateLeft(b, 30);
        w15 = RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w15;
        a = RotateLeft(a, 30);
        w0 = RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w0;
        e = RotateLeft(e, 30);
        w1 = RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w1;
        d = RotateLeft(d, 30);
        w2 = RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w2;
        c = RotateLeft(c, 30);
        w3 = RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1 + w3;
        b = RotateLeft(b, 30);
        w4 = RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1 + w4;
        a = RotateLeft(a, 30);
        w5 = RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1 + w5;
        e = RotateLeft(e, 30);
        w6 = RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1 + w6;
        d = RotateLeft(d, 30);
        w7 = RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1 + w7;
        c = RotateLeft(c, 30);
        w8 = RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        e += RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + w8;
        b = RotateLeft(b, 30);
        w9 = RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        d += RotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + w9;
        a = RotateLeft(a, 30);
        w10 = RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        c += RotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + w10;
        e = RotateLeft(e, 30);
        w11 = RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        b += RotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + w11;
        d = RotateLeft(d, 30);
        w12 = RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        a += RotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + w12;
        c = RotateLeft(c, 30);
        w13 = RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        e += RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + w13;
        b = RotateLeft(b, 30);
        w14 = RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        d += RotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + w14;
        a = RotateLeft(a, 30);
        w15 = RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        c += RotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + w15;
        e = RotateLeft(e, 30);
        w0 = RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        b += RotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + w0;
        d = RotateLeft(d, 30);
        w1 = RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        a += RotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + w1;
        c = RotateLeft(c, 30);
        w2 = RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        e += RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + w2;
        b = RotateLeft(b, 30);
        w3 = RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        d += RotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + w3;
        a = RotateLeft(a, 30);
        w4 = RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        c += RotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + w4;
        e = RotateLeft(e, 30);
        w5 = RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        b += RotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + w5;
        d = RotateLeft(d, 30);
        w6 = RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        a += RotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + w6;
        c = RotateLeft(c, 30);
        w7 = RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        e += RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC + w7;
        b = RotateLeft(b, 30);
        w8 = RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        d += RotateLeft(e, 5) + ((a & b) | (a & c) | (b & c)) + 0x8F1BBCDC + w8;
        a = RotateLeft(a, 30);
        w9 = RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        c += RotateLeft(d, 5) + ((e & a) | (e & b) | (a & b)) + 0x8F1BBCDC + w9;
        e = RotateLeft(e, 30);
        w10 = RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        b += RotateLeft(c, 5) + ((d & e) | (d & a) | (e & a)) + 0x8F1BBCDC + w10;
        d = RotateLeft(d, 30);
        w11 = RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        a += RotateLeft(b, 5) + ((c & d) | (c & e) | (d & e)) + 0x8F1BBCDC + w11;
        c = RotateLeft(c, 30);
        w12 = RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w12;
        b = RotateLeft(b, 30);
        w13 = RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w13;
        a = RotateLeft(a, 30);
        w14 = RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w14;
        e = RotateLeft(e, 30);
        w15 = RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w15;
        d = RotateLeft(d, 30);
        w0 = RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w0;
        c = RotateLeft(c, 30);
        w1 = RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w1;
        b = RotateLeft(b, 30);
        w2 = RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w2;
        a = RotateLeft(a, 30);
        w3 = RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w3;
        e = RotateLeft(e, 30);
        w4 = RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w4;
        d = RotateLeft(d, 30);
        w5 = RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w5;
        c = RotateLeft(c, 30);
        w6 = RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w6;
        b = RotateLeft(b, 30);
        w7 = RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w7;
        a = RotateLeft(a, 30);
        w8 = RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w8;
        e = RotateLeft(e, 30);
        w9 = RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w9;
        d = RotateLeft(d, 30);
        w10 = RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w10;
        c = RotateLeft(c, 30);
        w11 = RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        e += RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6 + w11;
        b = RotateLeft(b, 30);
        w12 = RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        d += RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6 + w12;
        a = RotateLeft(a, 30);
        w13 = RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        c += RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6 + w13;
        e = RotateLeft(e, 30);
        w14 = RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        b += RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6 + w14;
        d = RotateLeft(d, 30);
        w15 = RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        a += RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6 + w15;
        c = RotateLeft(c, 30);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
