namespace SecureMailOps.Core.Otp;

/// <summary>Comparisons whose time does not depend on where the inputs first differ.</summary>
internal static class ConstantTime
{
    /// <summary>Compares two equal-purpose strings without an early exit.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    /// <returns>True when equal.</returns>
    public static bool AreEqual(string a, string b)
    {
        // Lengths are public (the digit count); only the content is compared in constant time.
        if (a.Length != b.Length)
        {
            return false;
        }

        int difference = 0;
        for (int i = 0; i < a.Length; i++)
        {
            difference |= a[i] ^ b[i];
        }

        return difference == 0;
    }

    /// <summary>Compares two hashes without an early exit.</summary>
    /// <param name="a">The first.</param>
    /// <param name="b">The second.</param>
    /// <returns>True when equal.</returns>
    public static bool AreEqual(byte[] a, byte[] b)
    {
        // Hash lengths are fixed by the algorithm, so comparing them first leaks nothing.
        if (a.Length != b.Length)
        {
            return false;
        }

        int difference = 0;
        for (int i = 0; i < a.Length; i++)
        {
            difference |= a[i] ^ b[i];
        }

        return difference == 0;
    }
}
