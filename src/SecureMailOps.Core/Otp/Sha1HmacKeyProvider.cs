using System;
using OtpNet;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Otp.NET's key seam for HMAC-SHA-1 with the key schedule done once: the SHA-1 states after the
/// inner and outer key blocks (key XOR ipad / opad, RFC 2104) are computed in the constructor, so
/// each code costs exactly two SHA-1 compressions of one block and nothing else. The platform HMAC
/// goes through OpenSSL here, whose per-call setup (not the hash) is what makes stock Otp.NET ten
/// times slower than oathtool; even a keyed platform HMAC costs more per code than this.
/// Work happens on words, never on a byte copy of a block: the counter and the inner digest become
/// schedule words directly, and the two pad blocks are compressed side by side.
/// Only the two 160-bit midstates are kept (never the key); they are cleared on Dispose, and the
/// stack buffers that held key-derived words are cleared before returning.
/// Not thread-safe: one instance per thread or per verification.
/// </summary>
public sealed class Sha1HmacKeyProvider : IKeyProvider, IDisposable
{
    private const int BlockSize = 64;
    private const int DigestSize = 20;
    private const uint InnerPad = 0x36363636;
    private const uint OuterPad = 0x5c5c5c5c;

    // One message bit after the data, as the first word of the padding.
    private const uint PaddingWord = 0x80000000;

    private Sha1State _inner;
    private Sha1State _outer;

    /// <summary>Creates a provider for one key.</summary>
    /// <param name="key">The shared secret; the caller may clear its copy afterwards.</param>
    public Sha1HmacKeyProvider([Secret] byte[] key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        Span<uint> innerWords = stackalloc uint[Sha1Compression.ScheduleWords];
        Span<uint> outerWords = stackalloc uint[Sha1Compression.ScheduleWords];
        try
        {
            if (key.Length > BlockSize)
            {
                // RFC 2104: keys longer than the block are hashed first; the digest is the key.
                Sha1State hashed = Sha1State.Initial;
                HashMessage(ref hashed, key, 0, innerWords);
                innerWords.Clear();
                innerWords[0] = hashed.A;
                innerWords[1] = hashed.B;
                innerWords[2] = hashed.C;
                innerWords[3] = hashed.D;
                innerWords[4] = hashed.E;
                hashed = default;
            }
            else
            {
                // The key padded with zeros to a block, as big-endian words.
                LoadPartialBlock(key, 0, key.Length, innerWords);
            }

            for (int i = 0; i < 16; i++)
            {
                uint word = innerWords[i];
                innerWords[i] = word ^ InnerPad;
                outerWords[i] = word ^ OuterPad;
            }

            _inner = Sha1State.Initial;
            _outer = Sha1State.Initial;
            Sha1Compression.CompressPair(ref _inner, innerWords, ref _outer, outerWords);
        }
        finally
        {
            innerWords.Clear();
            outerWords.Clear();
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

        // Inner hash: continue from the ipad state over the message (one key block already counted).
        // Otp.NET always passes an 8-byte counter, which has a compression of its own.
        Sha1State state = _inner;
        if (data.Length == 8)
        {
            Sha1Compression.CompressCounterTail(ref state, ReadBigEndian(data, 0), ReadBigEndian(data, 4));
        }
        else
        {
            Span<uint> words = stackalloc uint[Sha1Compression.ScheduleWords];
            HashMessage(ref state, data, BlockSize, words);
        }

        // Outer hash: continue from the opad state over the 20-byte inner digest, which is exactly
        // five words; with its padding it fits one block.
        Sha1State inner = state;
        state = _outer;
        Sha1Compression.CompressDigestTail(ref state, inner.A, inner.B, inner.C, inner.D, inner.E);
        WriteBigEndian(destination, 0, state.A);
        WriteBigEndian(destination, 4, state.B);
        WriteBigEndian(destination, 8, state.C);
        WriteBigEndian(destination, 12, state.D);
        WriteBigEndian(destination, 16, state.E);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _inner = default;
        _outer = default;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    private static uint ReadBigEndian(byte[] buffer, int offset) =>
        ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];

    // Loads up to 64 bytes as big-endian words into words[0..15], zero-filled after the data.
    private static void LoadPartialBlock(byte[] data, int offset, int count, Span<uint> words)
    {
        words.Slice(0, 16).Clear();
        int whole = count / 4;
        for (int i = 0; i < whole; i++)
        {
            words[i] = ReadBigEndian(data, offset + (i * 4));
        }

        for (int i = whole * 4; i < count; i++)
        {
            words[i / 4] |= (uint)data[offset + i] << (24 - (8 * (i % 4)));
        }
    }

    // Hashes a whole message into a state that has already absorbed `alreadyHashed` bytes, with
    // SHA-1's padding: a one bit, zeros, and the total length in bits in the last two words.
    private static void HashMessage(ref Sha1State state, byte[] data, long alreadyHashed, Span<uint> words)
    {
        int offset = 0;
        while (data.Length - offset >= BlockSize)
        {
            LoadPartialBlock(data, offset, BlockSize, words);
            Sha1Compression.Compress(ref state, words);
            offset += BlockSize;
        }

        int rest = data.Length - offset;
        LoadPartialBlock(data, offset, rest, words);
        words[rest / 4] |= PaddingWord >> (8 * (rest % 4));
        if (rest >= BlockSize - 8)
        {
            // No room for the length: it goes in one more block of zeros.
            Sha1Compression.Compress(ref state, words);
            words.Slice(0, 16).Clear();
        }

        long bits = (alreadyHashed + data.Length) * 8;
        words[14] = (uint)(bits >> 32);
        words[15] = (uint)bits;
        Sha1Compression.Compress(ref state, words);
    }
}
