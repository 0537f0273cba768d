using System;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// Masks an address for display ("a***e@example.com"), so output and logs confirm where a code
/// went without handing out the full address.
/// </summary>
public static class RecipientMask
{
    /// <summary>Masks the local part of an address, keeping its first and last character.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The masked address.</returns>
    public static string Mask(string address)
    {
        if (address is null)
        {
            throw new ArgumentNullException(nameof(address));
        }

        int at = address.LastIndexOf('@');
        if (at <= 0)
        {
            return "***";
        }

        string local = address.Substring(0, at);
        string domain = address.Substring(at);
        string masked = local.Length <= 2 ? local[0] + "***" : local[0] + "***" + local[local.Length - 1];
        return masked + domain;
    }
}
