namespace SecureMailOps.Core.Otp;

/// <summary>The HMAC algorithm behind a one-time password (RFC 6238 section 1.2).</summary>
public enum OtpAlgorithm
{
    /// <summary>HMAC-SHA-1, what most authenticator apps implement.</summary>
    SHA1,

    /// <summary>HMAC-SHA-256.</summary>
    SHA256,

    /// <summary>HMAC-SHA-512.</summary>
    SHA512,
}
