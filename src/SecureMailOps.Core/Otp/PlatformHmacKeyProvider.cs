using System;
using System.Security.Cryptography;
using OtpNet;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// Otp.NET's key seam over the platform HMAC (OpenSSL on Linux and macOS, CNG on Windows, so a
/// FIPS-validated module when the platform runs in that mode). The HMAC is keyed once, as an
/// <see cref="IncrementalHash"/>, and reused for every code of a verification window: a code then
/// costs one HMAC instead of a key schedule and its allocations. The key lives only inside the
/// platform object. Thread-safe: an <see cref="IncrementalHash"/> holds running state, so each
/// computation takes the instance's lock (uncontended in the usual one-verification-per-thread use).
/// Internal: Otp.NET's types are not part of the engine's public API.
/// </summary>
internal sealed class PlatformHmacKeyProvider : IKeyProvider, IDisposable
{
    private readonly IncrementalHash _hmac;
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Creates a provider for one key and algorithm.</summary>
    /// <param name="key">The shared secret; the caller may clear its copy afterwards.</param>
    /// <param name="algorithm">The HMAC algorithm.</param>
    public PlatformHmacKeyProvider(byte[] key, OtpAlgorithm algorithm)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key));
        }

        Mode = ToHashMode(algorithm);

        // HMAC-SHA-1 is what RFC 4226 and every authenticator app specify; HMAC does not rely on SHA-1's collision resistance.
#pragma warning disable CA5350
        _hmac = IncrementalHash.CreateHMAC(ToHashName(algorithm), key);
#pragma warning restore CA5350
    }

    /// <summary>Gets the Otp.NET hash mode matching the key's algorithm.</summary>
    public OtpHashMode Mode { get; }

    /// <inheritdoc />
    public byte[] ComputeHmac(OtpHashMode mode, byte[] data)
    {
        if (mode != Mode)
        {
            throw new ArgumentException("The provider was keyed for a different algorithm.", nameof(mode));
        }

        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(PlatformHmacKeyProvider));
            }

            _hmac.AppendData(data);
            return _hmac.GetHashAndReset();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _hmac.Dispose();
            }
        }
    }

    private static HashAlgorithmName ToHashName(OtpAlgorithm algorithm) => algorithm switch
    {
        OtpAlgorithm.SHA256 => HashAlgorithmName.SHA256,
        OtpAlgorithm.SHA512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA1,
    };

    private static OtpHashMode ToHashMode(OtpAlgorithm algorithm) => algorithm switch
    {
        OtpAlgorithm.SHA256 => OtpHashMode.Sha256,
        OtpAlgorithm.SHA512 => OtpHashMode.Sha512,
        _ => OtpHashMode.Sha1,
    };
}
