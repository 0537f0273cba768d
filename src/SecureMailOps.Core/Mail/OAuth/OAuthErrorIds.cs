namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>Stable error ids of OAuth 2.0 token acquisition (pinned by tests; usable in scripts).</summary>
public static class OAuthErrorIds
{
    /// <summary>The authority refused the client's secret or certificate (AADSTS7000215, 7000222, 700027, 700024; invalid_client).</summary>
    public const string ClientCredentialInvalid = "OAuthClientCredentialInvalid";

    /// <summary>The authority does not know the client id (AADSTS700016; unauthorized_client).</summary>
    public const string ClientUnknown = "OAuthClientUnknown";

    /// <summary>The authority does not know the tenant (AADSTS90002, 900023), or the authority has no OpenID Connect metadata.</summary>
    public const string TenantNotFound = "OAuthTenantNotFound";

    /// <summary>The authority could not be reached (DNS, connection, timeout, 5xx).</summary>
    public const string AuthorityUnreachable = "OAuthAuthorityUnreachable";

    /// <summary>The authority's TLS certificate is not trusted (no skip switch exists: trust its CA).</summary>
    public const string AuthorityUntrusted = "OAuthAuthorityUntrusted";

    /// <summary>The app has no admin consent for the scope, or the resource is not known (AADSTS65001, 650057, 500011).</summary>
    public const string ConsentMissing = "OAuthConsentMissing";

    /// <summary>The authority refused the request for another reason (its error code is named).</summary>
    public const string AcquisitionFailed = "OAuthTokenAcquisitionFailed";

    /// <summary>No device-code sign-in is in effect: it was cancelled, or its refresh token expired or was revoked (sign in again).</summary>
    public const string DeviceCodeNotCompleted = "OAuthDeviceCodeNotCompleted";

    /// <summary>The user declined the device-code sign-in at the authority's page (authorization_declined, access_denied).</summary>
    public const string DeviceCodeDeclined = "OAuthDeviceCodeDeclined";

    /// <summary>The device code expired before anyone signed in with it (expired_token, code_expired).</summary>
    public const string DeviceCodeExpired = "OAuthDeviceCodeExpired";

    /// <summary>The device-code flow was asked of a generic OpenID Connect authority: MSAL 4.92 implements it for Entra ID authorities only.</summary>
    public const string DeviceCodeAuthorityUnsupported = "OAuthDeviceCodeAuthorityUnsupported";

    /// <summary>No client id was given.</summary>
    public const string ClientIdMissing = "OAuthClientIdMissing";

    /// <summary>Neither a tenant nor an authority was given.</summary>
    public const string TenantMissing = "OAuthTenantMissing";

    /// <summary>The authority is not an absolute https URI.</summary>
    public const string AuthorityInvalid = "OAuthAuthorityInvalid";

    /// <summary>A scope is empty.</summary>
    public const string ScopeInvalid = "OAuthScopeInvalid";

    /// <summary>The certificate file does not exist.</summary>
    public const string CertificateNotFound = "OAuthCertificateNotFound";

    /// <summary>The certificate file could not be opened (wrong password, not a PFX).</summary>
    public const string CertificateUnreadable = "OAuthCertificateUnreadable";

    /// <summary>The certificate has no private key (an assertion cannot be signed).</summary>
    public const string CertificateNoPrivateKey = "OAuthCertificateNoPrivateKey";

    /// <summary>A thumbprint is not 40 hexadecimal digits.</summary>
    public const string ThumbprintInvalid = "OAuthCertificateThumbprintInvalid";

    /// <summary>Certificate-store look-up by thumbprint is Windows-only.</summary>
    public const string CertificateStoreUnsupported = "OAuthCertificateStoreUnsupported";
}
