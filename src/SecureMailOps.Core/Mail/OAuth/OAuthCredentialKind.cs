namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>How an application proves who it is to the authority.</summary>
public enum OAuthCredentialKind
{
    /// <summary>A client secret (a password registered for the app).</summary>
    ClientSecret,

    /// <summary>A certificate whose private key signs a client assertion (private_key_jwt).</summary>
    Certificate,

    /// <summary>A user signs in on another device with a code (device authorization grant).</summary>
    DeviceCode,
}
