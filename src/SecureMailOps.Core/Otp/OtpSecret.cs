using System;
using System.Security.Cryptography;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// A new shared secret for an authenticator. It carries the secret as unpadded Base32 so it can be
/// stored (for example in a SecretManagement vault) or piped to New-OtpEnrollment; the default
/// view never shows it and <see cref="ToString"/> never returns it.
/// </summary>
public sealed class OtpSecret
{
    /// <summary>The fewest bytes accepted: 128 bits (RFC 4226 R6).</summary>
    public const int MinimumLength = 16;

    /// <summary>The most bytes accepted: twice the largest HMAC block, more adds nothing.</summary>
    public const int MaximumLength = 128;

    private OtpSecret(string secret, OtpAlgorithm algorithm, int length)
    {
        Secret = secret;
        Algorithm = algorithm;
        Length = length;
    }

    /// <summary>Gets the secret as unpadded upper-case Base32.</summary>
    public string Secret { get; }

    /// <summary>Gets the HMAC algorithm the secret is meant for.</summary>
    public OtpAlgorithm Algorithm { get; }

    /// <summary>Gets the secret's length in bytes.</summary>
    public int Length { get; }

    /// <summary>Gets the secret's strength in bits.</summary>
    public int Bits => Length * 8;

    /// <summary>Creates a secret from the operating system's CSPRNG.</summary>
    /// <param name="algorithm">The HMAC algorithm.</param>
    /// <param name="length">Bytes, or null for the HMAC output size (20, 32 or 64).</param>
    /// <returns>The secret.</returns>
    public static OtpSecret Create(OtpAlgorithm algorithm = OtpAlgorithm.SHA1, int? length = null)
    {
        int bytes = length ?? DefaultLength(algorithm);
        EnsureLongEnough(bytes, algorithm);

        if (bytes > MaximumLength)
        {
            throw new SecureMailOpsException(OtpErrorIds.SecretTooLong, FailureKind.InvalidArgument, $"A secret of {bytes} bytes is longer than the {MaximumLength} bytes allowed.");
        }

        byte[] key = new byte[bytes];
        try
        {
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(key);
            }

            return new OtpSecret(Base32.Encode(key), algorithm, bytes);
        }
        finally
        {
            Array.Clear(key, 0, key.Length);
        }
    }

    /// <summary>Refuses a secret shorter than 128 bits (RFC 4226 R6), for new secrets and new enrollments.</summary>
    /// <param name="bytes">The secret's length in bytes.</param>
    /// <param name="algorithm">The algorithm, to name its default length.</param>
    public static void EnsureLongEnough(int bytes, OtpAlgorithm algorithm)
    {
        if (bytes < MinimumLength)
        {
            throw new SecureMailOpsException(
                OtpErrorIds.SecretTooShort,
                FailureKind.InvalidArgument,
                $"A secret of {bytes} bytes ({bytes * 8} bits) is too short: at least {MinimumLength} bytes (128 bits) are required (RFC 4226 R6); {DefaultLength(algorithm)} is the default for {algorithm}.");
        }
    }

    /// <summary>The default secret length for an algorithm: its HMAC output size.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>20, 32 or 64.</returns>
    public static int DefaultLength(OtpAlgorithm algorithm) => algorithm switch
    {
        OtpAlgorithm.SHA256 => 32,
        OtpAlgorithm.SHA512 => 64,
        _ => 20,
    };

    /// <summary>Describes the secret without revealing it.</summary>
    /// <returns>The algorithm and strength.</returns>
    public override string ToString() => $"OTP secret ({Algorithm}, {Bits} bits)";
}
