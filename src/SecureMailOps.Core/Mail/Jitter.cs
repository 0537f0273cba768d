using System;
using System.Security.Cryptography;

namespace SecureMailOps.Core.Mail;

/// <summary>Thread-safe random fractions for retry jitter (netstandard2.0 has no Random.Shared).</summary>
internal static class Jitter
{
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();

    public static double NextDouble()
    {
        byte[] bytes = new byte[4];
        lock (Rng)
        {
            Rng.GetBytes(bytes);
        }

        return BitConverter.ToUInt32(bytes, 0) / (uint.MaxValue + 1.0);
    }
}
