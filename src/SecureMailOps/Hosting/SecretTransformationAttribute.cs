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
            default:
                // Naming the type, never the value: the value may be the secret.
                throw new ArgumentTransformationMetadataException(
                    $"A secret must be a string or a SecureString; a value of type {value.GetType().FullName} was given.");
        }
    }
}
