using System;
using System.Management.Automation;
using System.Security;

namespace SecureMailOps.Hosting;

/// <summary>
/// Lets a secret parameter accept a plain string (typed or read from a file) as well as a
/// SecureString, so scripts need no ConvertTo-SecureString dance; the cmdlet only ever sees a
/// SecureString and decodes it into a byte array it clears after use.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecretTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case SecureString secure:
                return secure;
            case string text:
                var result = new SecureString();
                foreach (char c in text)
                {
                    result.AppendChar(c);
                }

                result.MakeReadOnly();
                return result;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger:
                // PowerShell reads -Code 012345 as the number 12345: the code's leading zeros are gone before the
                // cmdlet sees it. Refused with the fix, and never echoed (the value may be the secret).
                throw new ArgumentTransformationMetadataException(
                    "A secret or code given as a number loses its leading zeros (012345 becomes 12345); give it as text, in quotes: '012345'.");
            default:
                // Naming the type, never the value: the value may be the secret.
                throw new ArgumentTransformationMetadataException(
                    $"A secret must be a string or a SecureString; a value of type {value.GetType().FullName} was given.");
        }
    }
}
