using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>Finds and checks the certificate an app signs its client assertions with.</summary>
public static class OAuthCertificates
{
    private const X509KeyStorageFlags EphemeralKeySet = (X509KeyStorageFlags)0x20;

    /// <summary>Opens a PFX (PKCS#12) file with its private key.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">Its password, or null for none.</param>
    /// <returns>The certificate with its private key (the caller disposes it).</returns>
    public static X509Certificate2 FromFile(string path, SecureString? password)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new SecureMailOpsException(OAuthErrorIds.CertificateNotFound, FailureKind.ObjectNotFound,
                $"The certificate file '{path}' does not exist.", path);
        }

        X509Certificate2 certificate;
        try
        {
            // Ephemeral keys never touch the disk; .NET Framework (Windows PowerShell) does not offer them, and
            // netstandard2.0 does not name the flag (X509KeyStorageFlags.EphemeralKeySet is 0x20 on .NET Core).
            X509KeyStorageFlags flags = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)
                ? X509KeyStorageFlags.DefaultKeySet
                : EphemeralKeySet;
            certificate = new X509Certificate2(path, password, flags);
        }
        catch (CryptographicException ex)
        {
            throw new SecureMailOpsException(OAuthErrorIds.CertificateUnreadable, FailureKind.InvalidData,
                $"The certificate file '{path}' could not be opened: the password is wrong, or it is not a PFX (PKCS#12) file.", path, ex);
        }

        return RequirePrivateKey(certificate, path);
    }

    /// <summary>Finds a certificate by SHA-1 thumbprint in the current user's, then the local machine's, personal store (Windows only).</summary>
    /// <param name="thumbprint">The thumbprint (40 hexadecimal digits; spaces and colons allowed).</param>
    /// <returns>The certificate with its private key.</returns>
    public static X509Certificate2 FromStore(string thumbprint)
    {
        string normalized = NormalizeThumbprint(thumbprint);
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            throw new SecureMailOpsException(OAuthErrorIds.CertificateStoreUnsupported, FailureKind.InvalidOperation,
                "-OAuthCertificateThumbprint looks the certificate up in the Windows certificate store, which exists only on Windows; on this system give the certificate itself (-OAuthCertificate) or a PFX file (-OAuthCertificatePath with -OAuthCertificatePassword).",
                normalized);
        }

        foreach (StoreLocation location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            X509Certificate2Collection found = store.Certificates.Find(X509FindType.FindByThumbprint, normalized, validOnly: false);
            if (found.Count > 0)
            {
                return RequirePrivateKey(found[0], @"Cert:\" + location + @"\My\" + normalized);
            }
        }

        throw new SecureMailOpsException(OAuthErrorIds.CertificateNotFound, FailureKind.ObjectNotFound,
            $"No certificate with thumbprint {normalized} is in Cert:\\CurrentUser\\My or Cert:\\LocalMachine\\My.", normalized);
    }

    /// <summary>Checks that a certificate carries a private key.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <param name="where">Where it came from, for the error.</param>
    /// <returns>The same certificate, once checked.</returns>
    public static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string? where = null)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        if (!certificate.HasPrivateKey)
        {
            throw new SecureMailOpsException(OAuthErrorIds.CertificateNoPrivateKey, FailureKind.InvalidArgument,
                $"The certificate {certificate.Subject} ({certificate.Thumbprint}){(where is null ? string.Empty : " from " + where)} has no private key: client assertions cannot be signed with it.",
                certificate.Thumbprint);
        }

        return certificate;
    }

    /// <summary>Normalizes a SHA-1 thumbprint to 40 upper-case hex digits.</summary>
    /// <param name="thumbprint">The thumbprint as typed.</param>
    /// <returns>The normalized thumbprint.</returns>
    public static string NormalizeThumbprint(string thumbprint)
    {
        var chars = new System.Text.StringBuilder(40);
        foreach (char c in thumbprint ?? string.Empty)
        {
            if (c is ':' or ' ' or '-' or '\u200e')
            {
                continue;
            }

            if (!Uri.IsHexDigit(c))
            {
                chars.Clear();
                break;
            }

            chars.Append(char.ToUpperInvariant(c));
        }

        if (chars.Length != 40)
        {
            throw new SecureMailOpsException(OAuthErrorIds.ThumbprintInvalid, FailureKind.InvalidArgument,
                "A certificate thumbprint is 40 hexadecimal digits (SHA-1, as Get-ChildItem Cert:\\ shows it).", thumbprint);
        }

        return chars.ToString();
    }
}
