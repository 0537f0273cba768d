using System;

namespace SecureMailOps.Core;

/// <summary>
/// Marks a field, property, parameter or method result that holds a secret (an OTP secret or code, a
/// backup code, the hash of a code, a key, a token), or a member or type that handles secrets. The
/// project's analyzers hold marked secrets to two rules: they are compared only with the constant-time
/// helper (SMO1003), and a file written from a marked member or of a marked value goes through
/// <see cref="State.OwnerOnlyFile"/> (SMO1005). See docs/analyzers.md.
/// </summary>
[AttributeUsage(
    AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.ReturnValue
    | AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = false,
    Inherited = false)]
public sealed class SecretAttribute : Attribute
{
}
