using System;

namespace SecureMailOps.Core.Otp;

/// <summary>A one-time password and the interval in which it is valid.</summary>
public sealed class OtpCode
{
    /// <summary>Creates a code.</summary>
    /// <param name="code">The code as a string (leading zeros are part of it).</param>
    /// <param name="validFrom">Start of the time step, or null for HOTP.</param>
    /// <param name="validUntil">End of the time step (exclusive), or null for HOTP.</param>
    /// <param name="counter">The HOTP counter or TOTP time step the code was computed for.</param>
    public OtpCode(string code, DateTimeOffset? validFrom, DateTimeOffset? validUntil, long counter)
    {
        Code = code;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Counter = counter;
    }

    /// <summary>Gets the code. A string, never a number: leading zeros count.</summary>
    [Secret]
    public string Code { get; }

    /// <summary>Gets the start of the time step (TOTP), or null (HOTP).</summary>
    public DateTimeOffset? ValidFrom { get; }

    /// <summary>Gets the end of the time step, exclusive (TOTP), or null (HOTP).</summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>Gets the HOTP counter or the TOTP time step number.</summary>
    public long Counter { get; }

    /// <inheritdoc />
    public override string ToString() => Code;
}
