using System;
using System.Collections.Generic;
using System.Linq;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>
/// Which application asks which authority for which scopes: the part of an OAuth 2.0 configuration that is
/// not a secret. Validated when built, so a bad authority or a missing id fails before any network call.
/// </summary>
public sealed class OAuthClientSettings
{
    /// <summary>The scope Exchange Online's SMTP AUTH accepts for app-only tokens.</summary>
    public const string DefaultScope = "https://outlook.office365.com/.default";

    /// <summary>The Microsoft identity platform's public-cloud host.</summary>
    public const string MicrosoftAuthorityHost = "login.microsoftonline.com";

    // Hosts of the Microsoft identity platform in its clouds: these take MSAL's Entra ID authority (with
    // instance discovery); any other host is treated as a generic OpenID Connect authority.
    private static readonly string[] EntraHosts =
    [
        "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
        "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
    ];

    /// <summary>Creates settings.</summary>
    /// <param name="clientId">The application (client) id.</param>
    /// <param name="tenantId">The tenant (id or domain); may be null when <paramref name="authority"/> is given.</param>
    /// <param name="authority">An authority URI, or null for the Microsoft identity platform of the tenant.</param>
    /// <param name="scopes">The scopes, or null for <see cref="DefaultScope"/>.</param>
    public OAuthClientSettings(string clientId, string? tenantId, Uri? authority = null, IEnumerable<string>? scopes = null)
    {
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new SecureMailOpsException(OAuthErrorIds.ClientIdMissing, FailureKind.InvalidArgument, "An OAuth client (application) id is required.");
        }

        ClientId = clientId.Trim();
        TenantId = string.IsNullOrWhiteSpace(tenantId) ? null : tenantId!.Trim();
        if (authority is null)
        {
            if (TenantId is null)
            {
                throw new SecureMailOpsException(OAuthErrorIds.TenantMissing, FailureKind.InvalidArgument,
                    "An OAuth tenant (id or domain, for example contoso.onmicrosoft.com) or an authority URI is required.");
            }

            Authority = new Uri("https://" + MicrosoftAuthorityHost + "/" + Uri.EscapeDataString(TenantId) + "/");
        }
        else
        {
            if (!authority.IsAbsoluteUri || !string.Equals(authority.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new SecureMailOpsException(OAuthErrorIds.AuthorityInvalid, FailureKind.InvalidArgument,
                    $"The OAuth authority '{authority}' must be an absolute https URI (tokens are never requested in clear text).", authority);
            }

            if (!string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
            {
                throw new SecureMailOpsException(OAuthErrorIds.AuthorityInvalid, FailureKind.InvalidArgument,
                    $"The OAuth authority '{authority.GetLeftPart(UriPartial.Path)}' must not have a query or fragment.", authority.GetLeftPart(UriPartial.Path));
            }

            Authority = authority;
        }

        IsMicrosoftAuthority = EntraHosts.Contains(Authority.Host, StringComparer.OrdinalIgnoreCase);
        List<string> list = (scopes ?? [DefaultScope]).ToList();
        if (list.Count == 0 || list.Exists(string.IsNullOrWhiteSpace))
        {
            throw new SecureMailOpsException(OAuthErrorIds.ScopeInvalid, FailureKind.InvalidArgument, "OAuth scopes must not be empty.");
        }

        Scopes = list.ConvertAll(s => s.Trim());
    }

    /// <summary>Gets the application (client) id.</summary>
    public string ClientId { get; }

    /// <summary>Gets the tenant, or null when only an authority was given.</summary>
    public string? TenantId { get; }

    /// <summary>Gets the authority tokens are requested from.</summary>
    public Uri Authority { get; }

    /// <summary>Gets a value indicating whether the authority is the Microsoft identity platform (Entra ID) rather than a generic OpenID Connect provider.</summary>
    public bool IsMicrosoftAuthority { get; }

    /// <summary>Gets the scopes requested.</summary>
    public IReadOnlyList<string> Scopes { get; }
}
