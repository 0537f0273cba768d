using System;

namespace SecureMailOps.Core.Mail;

/// <summary>What a DKIM signature needs: the private key (PEM file), the signing domain (d=) and the selector (s=).</summary>
public sealed class DkimSigningOptions
{
    /// <summary>Creates DKIM signing options.</summary>
    /// <param name="keyPath">Full path of the RSA private key in PEM form.</param>
    /// <param name="domain">The signing domain (d=).</param>
    /// <param name="selector">The selector (s=) under which the public key is published.</param>
    public DkimSigningOptions(string keyPath, string domain, string selector)
    {
        KeyPath = string.IsNullOrWhiteSpace(keyPath) ? throw new ArgumentException("A DKIM key path is required.", nameof(keyPath)) : keyPath;
        Domain = string.IsNullOrWhiteSpace(domain) ? throw new ArgumentException("A DKIM domain is required.", nameof(domain)) : domain;
        Selector = string.IsNullOrWhiteSpace(selector) ? throw new ArgumentException("A DKIM selector is required.", nameof(selector)) : selector;
    }

    /// <summary>Gets the full path of the private key (PEM).</summary>
    public string KeyPath { get; }

    /// <summary>Gets the signing domain.</summary>
    public string Domain { get; }

    /// <summary>Gets the selector.</summary>
    public string Selector { get; }
}
