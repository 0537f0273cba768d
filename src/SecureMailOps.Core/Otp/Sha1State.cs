using System.Runtime.InteropServices;

namespace SecureMailOps.Core.Otp;

/// <summary>
/// The five 32-bit chaining words of SHA-1 (FIPS 180-4 section 6.1). A value type so that a
/// keyed provider keeps its two midstates inline and a computation copies one onto the stack.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal struct Sha1State
{
    /// <summary>Chaining word H0.</summary>
    public uint A;

    /// <summary>Chaining word H1.</summary>
    public uint B;

    /// <summary>Chaining word H2.</summary>
    public uint C;

    /// <summary>Chaining word H3.</summary>
    public uint D;

    /// <summary>Chaining word H4.</summary>
    public uint E;

    /// <summary>Gets the initial hash value (FIPS 180-4 section 5.3.1).</summary>
    public static Sha1State Initial => new() { A = 0x67452301, B = 0xEFCDAB89, C = 0x98BADCFE, D = 0x10325476, E = 0xC3D2E1F0 };
}
