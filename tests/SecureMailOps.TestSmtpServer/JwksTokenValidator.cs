using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureMailOps.TestSmtpServer;

/// <summary>
/// Checks XOAUTH2 bearer tokens as a resource server does: the signature against the authority's published keys
/// (its JWKS, read through its discovery document), the issuer, the audience and the lifetime with no clock skew.
/// </summary>
public sealed class JwksTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;

    private JwksTokenValidator(JsonWebKeySet keys, string issuer, string audience)
    {
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ClockSkew = TimeSpan.Zero,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
    }

    /// <summary>Reads the authority's discovery document and JWKS over HTTPS (the handler decides which CA is trusted).</summary>
    /// <param name="tokenIssuer">The issuer tokens must name, or null for the discovery document's issuer.</param>
    public static async Task<JwksTokenValidator> FetchAsync(Uri authority, string? tokenIssuer, HttpMessageHandler handler, string audience = "https://outlook.office365.com")
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        using JsonDocument discovery = JsonDocument.Parse(await http.GetStringAsync(new Uri(authority, ".well-known/openid-configuration")));
        string jwksUri = discovery.RootElement.GetProperty("jwks_uri").GetString()!;
        var keys = new JsonWebKeySet(await http.GetStringAsync(new Uri(jwksUri)));
        return new JwksTokenValidator(keys, tokenIssuer ?? discovery.RootElement.GetProperty("issuer").GetString()!, audience);
    }

    /// <summary>Validates a token; returns when it expires, or null when it is not valid (forged, wrong audience, expired).</summary>
    public DateTimeOffset? Validate(string token)
    {
        TokenValidationResult result = _handler.ValidateTokenAsync(token, _parameters).GetAwaiter().GetResult();
        return result.IsValid ? new DateTimeOffset(((JsonWebToken)result.SecurityToken).ValidTo, TimeSpan.Zero) : null;
    }
}
