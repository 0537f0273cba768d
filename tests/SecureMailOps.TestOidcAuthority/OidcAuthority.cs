#pragma warning disable CA1861 // The discovery document is built once per request in a test authority; inline arrays read like the JSON they become.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureMailOps.TestOidcAuthority;

/// <summary>
/// A local OpenID Connect authority on loopback HTTPS (Kestrel), shaped like the Microsoft identity platform:
/// discovery document, JWKS, a token endpoint for client credentials (client_secret, or a private_key_jwt client
/// assertion whose signature, audience, issuer and lifetime it validates with Microsoft.IdentityModel), and the
/// device authorization grant. Errors carry AADSTS codes as Entra ID sends them. Access tokens are RS256 JWTs
/// that live <see cref="TokenLifetime"/> (a few seconds in tests, so refresh happens inside a test batch).
/// </summary>
public sealed class OidcAuthority : IAsyncDisposable
{
    private const string AdminObjectId = "00000000-0000-0000-0000-0000000000ad";

    // Entra ID names tenants by GUID in tokens and client_info (MSAL splits uid.utid at the first dot).
    private const string TenantObjectId = "0000c0de-0000-4000-8000-00000000c0de";
    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _subjects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _disabled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceGrant> _deviceCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _publicClients = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issuedDeviceCodes = new();
    private readonly ConcurrentQueue<string> _issuedRefreshTokens = new();
    private int _deviceCodeRequests;
    private int _deviceCodePolls;
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issued = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly JsonWebTokenHandler _handler = new();

    private OidcAuthority(WebApplication app, X509Certificate2 ca, string tenant)
    {
        _app = app;
        Ca = ca;
        Tenant = tenant;
    }

    /// <summary>Gets the tenant segment of the authority's path.</summary>
    public string Tenant { get; }

    /// <summary>Gets the test CA that issued the authority's TLS certificate (trust it in tests only).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>Gets the port.</summary>
    public int Port { get; private set; }

    /// <summary>Gets the authority URI (https://127.0.0.1:port/tenant/).</summary>
    public Uri Authority => new($"https://127.0.0.1:{Port}/{Tenant}/");

    /// <summary>Gets the token endpoint (the audience client assertions must name).</summary>
    public string TokenEndpoint => $"https://127.0.0.1:{Port}/{Tenant}/oauth2/v2.0/token";

    /// <summary>Gets the issuer of access tokens (the discovery document's issuer, so resource servers that read it agree).</summary>
    public string Issuer => $"https://127.0.0.1:{Port}/{Tenant}";

    /// <summary>Gets or sets how long an access token lives.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets how long the authority honours a device code (polls after it get expired_token).</summary>
    public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the expires_in the device-code response states, or null for <see cref="DeviceCodeLifetime"/>
    /// (a longer one makes the client poll until the authority itself says expired_token).</summary>
    public TimeSpan? DeviceCodeAdvertisedLifetime { get; set; }

    /// <summary>Gets or sets the polling interval the device-code response asks for, in seconds.</summary>
    public int DeviceCodeInterval { get; set; } = 1;

    /// <summary>Gets or sets after how many pending polls a device code counts as approved (a user who signs in at
    /// once), or null to wait for <see cref="ApproveDeviceCode"/> or a POST to the verification page.</summary>
    public int? AutoApproveDeviceCodesAfterPolls { get; set; }

    /// <summary>Gets or sets a value indicating whether polls are answered slow_down (RFC 8628 section 3.5).</summary>
    public bool DeviceCodeSlowDown { get; set; }

    /// <summary>Gets how many device codes were requested.</summary>
    public int DeviceCodeRequests => Volatile.Read(ref _deviceCodeRequests);

    /// <summary>Gets how many times clients polled the token endpoint with a device code.</summary>
    public int DeviceCodePolls => Volatile.Read(ref _deviceCodePolls);

    /// <summary>Gets the device codes issued (the secret half of each grant; tests search output for them).</summary>
    public IReadOnlyCollection<string> IssuedDeviceCodes => _issuedDeviceCodes.ToArray();

    /// <summary>Gets the refresh tokens issued.</summary>
    public IReadOnlyCollection<string> IssuedRefreshTokens => _issuedRefreshTokens.ToArray();

    /// <summary>Gets the access tokens issued, in order (tests compare them with what the SMTP server saw).</summary>
    public IReadOnlyCollection<string> IssuedTokens => _issued.ToArray();

    /// <summary>Gets the error codes of refused requests, in order.</summary>
    public IReadOnlyCollection<string> Refusals => _refusals.ToArray();

    /// <summary>Gets the key access tokens are signed with (as the JWKS publishes it).</summary>
    public SecurityKey SigningKey => new RsaSecurityKey(_signingKey.ExportParameters(false)) { KeyId = _keyId };

    /// <summary>Starts an authority on a free loopback port.</summary>
    public static async Task<OidcAuthority> StartAsync(string tenant = "contoso.onmicrosoft.com")
    {
        X509Certificate2 ca = TestCertificates.CreateCa("SecureMailOps Test OIDC CA");
        X509Certificate2 serverCertificate = TestCertificates.IssueServer(ca);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        WebApplication app = builder.Build();
        var authority = new OidcAuthority(app, ca, tenant);
        authority.Map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Port = new Uri(address).Port;
        return authority;
    }

    /// <summary>Registers an app with a client secret.</summary>
    public void RegisterSecret(string clientId, string secret) => _secrets[clientId] = secret;

    /// <summary>Registers an app with a certificate (its public part, as uploaded to an app registration).</summary>
    public void RegisterCertificate(string clientId, X509Certificate2 certificate) =>
        _certificates[clientId] = X509CertificateLoader.LoadCertificate(certificate.RawData);

    /// <summary>Registers a public client (no credential; it may use the device-code flow).</summary>
    public void RegisterPublicClient(string clientId) => _publicClients[clientId] = true;

    /// <summary>What a user does at the verification page: approves the sign-in for the user code.</summary>
    /// <returns>False when no pending grant has that user code.</returns>
    public bool ApproveDeviceCode(string userCode) => Decide(userCode, Approved);

    /// <summary>What a user does at the verification page: declines (authorization_declined, as Entra ID answers) or
    /// denies (access_denied, RFC 8628) the sign-in for the user code.</summary>
    /// <returns>False when no pending grant has that user code.</returns>
    public bool DeclineDeviceCode(string userCode, string error = "authorization_declined") => Decide(userCode, error);

    /// <summary>Makes the mailbox the subject (sub) of the app's tokens, as a resource server that maps the app's
    /// service principal to a mailbox expects (smtp4dev compares sub with the XOAUTH2 user).</summary>
    public void MapSubject(string clientId, string mailbox) => _subjects[clientId] = mailbox;

    /// <summary>Disables an app: further token requests are refused with AADSTS7000112.</summary>
    public void Disable(string clientId) => _disabled[clientId] = true;

    /// <summary>Validates an access token as a resource server would: signature (JWKS key), issuer, lifetime (no skew).</summary>
    public async Task<(bool Valid, string? ClientId, DateTimeOffset Expires)> ValidateAccessTokenAsync(string token)
    {
        TokenValidationResult result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "https://outlook.office365.com",
            IssuerSigningKey = SigningKey,
            ClockSkew = TimeSpan.Zero,
            RequireExpirationTime = true,
        });
        if (!result.IsValid)
        {
            return (false, null, default);
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        return (true, jwt.GetClaim("appid").Value, jwt.ValidTo);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
        Ca.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Discovery(tenant));
        app.MapGet("/{tenant}/.well-known/openid-configuration", (string tenant) => Discovery(tenant));
        app.MapGet("/{tenant}/discovery/v2.0/keys", Jwks);
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) => await TokenAsync(tenant, request));
        app.MapPost("/{tenant}/oauth2/v2.0/devicecode", async (string tenant, HttpRequest request) => await DeviceCodeAsync(tenant, request));

        // The verification page, reduced to its outcome: user_code and decision (approve, authorization_declined, access_denied).
        app.MapPost("/{tenant}/device", async (HttpRequest request) =>
        {
            IFormCollection form = await request.ReadFormAsync();
            string decision = form["decision"].ToString();
            bool known = Decide(form["user_code"].ToString(), decision is "" or "approve" ? Approved : decision);
            return known ? Results.Text("decided") : Results.NotFound();
        });

        // What a test process searches its output for (Pester runs the authority as a process): never in a real authority.
        app.MapGet("/_test/state", () => Results.Json(new Dictionary<string, object>
        {
            ["deviceCodes"] = IssuedDeviceCodes, ["refreshTokens"] = IssuedRefreshTokens, ["accessTokens"] = IssuedTokens,
            ["deviceCodeRequests"] = DeviceCodeRequests, ["deviceCodePolls"] = DeviceCodePolls,
        }));
    }

    private IResult Discovery(string tenant)
    {
        if (!string.Equals(tenant, Tenant, StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "invalid_tenant", 90002, $"Tenant '{tenant}' not found.");
        }

        string root = $"https://127.0.0.1:{Port}/{Tenant}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = root + "/oauth2/v2.0/authorize",
            ["token_endpoint"] = TokenEndpoint,
            ["device_authorization_endpoint"] = root + "/oauth2/v2.0/devicecode",
            ["jwks_uri"] = root + "/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "private_key_jwt" },
            ["grant_types_supported"] = new[] { "client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code" },
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
        });
    }

    private IResult Jwks()
    {
        RSAParameters p = _signingKey.ExportParameters(false);
        return Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, object>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _keyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                },
            },
        });
    }

    private async Task<IResult> TokenAsync(string tenant, HttpRequest request)
    {
        if (!string.Equals(tenant, Tenant, StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.");
        }

        IFormCollection form = await request.ReadFormAsync();
        string grant = form["grant_type"].ToString();
        string clientId = form["client_id"].ToString();
        string scope = form["scope"].ToString();
        // RFC 8628's grant type, and the short name Entra ID also accepts (MSAL sends "device_code").
        if (grant is "urn:ietf:params:oauth:grant-type:device_code" or "device_code")
        {
            return DeviceToken(form["device_code"].ToString(), clientId, scope);
        }

        if (grant == "refresh_token")
        {
            return _refreshTokens.TryGetValue(form["refresh_token"].ToString(), out string? owner) && owner == clientId && !_disabled.ContainsKey(clientId)
                ? Issue(clientId, scope, withUser: true)
                : Error(400, "invalid_grant", 70008, "The refresh token has expired or was revoked.");
        }

        if (grant != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        if (!_secrets.ContainsKey(clientId) && !_certificates.ContainsKey(clientId))
        {
            return Error(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{Tenant}'.");
        }

        if (_disabled.ContainsKey(clientId))
        {
            return Error(401, "invalid_client", 7000112, $"Application '{clientId}' is disabled.");
        }

        string secret = form["client_secret"].ToString();
        string assertion = form["client_assertion"].ToString();
        if (secret.Length > 0)
        {
            if (!_secrets.TryGetValue(clientId, out string? expected) ||
                !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(expected)))
            {
                return Error(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.");
            }
        }
        else if (assertion.Length > 0)
        {
            if (form["client_assertion_type"].ToString() != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            {
                return Error(400, "invalid_request", 900144, "The client_assertion_type is missing or wrong.");
            }

            string? problem = await ValidateAssertionAsync(clientId, assertion);
            if (problem is not null)
            {
                return Error(401, "invalid_client", problem == "lifetime" ? 700024 : 700027, "Client assertion failed validation: " + problem + ".");
            }
        }
        else
        {
            return Error(401, "invalid_client", 7000218, "The request body must contain client_assertion or client_secret.");
        }

        if (!scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("https://outlook.office365.com/.default"))
        {
            return Error(400, "invalid_resource", 500011, $"The resource principal for '{scope}' was not found in the tenant: no admin consent.");
        }

        return Issue(clientId, scope, withUser: false);
    }

    // The assertion must be signed by the app's registered certificate, name the token endpoint as audience and
    // the app as issuer and subject, and be within its lifetime. Returns null when valid, else what failed.
    private async Task<string?> ValidateAssertionAsync(string clientId, string assertion)
    {
        if (!_certificates.TryGetValue(clientId, out X509Certificate2? certificate))
        {
            return "no certificate is registered for the app";
        }

        TokenValidationResult result = await _handler.ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidAudience = TokenEndpoint,
            ValidIssuer = clientId,
            IssuerSigningKey = new X509SecurityKey(certificate),
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenExpiredException or SecurityTokenNotYetValidException => "lifetime",
                SecurityTokenInvalidAudienceException => "audience",
                SecurityTokenInvalidIssuerException => "issuer",
                _ => "signature",
            };
        }

        return ((JsonWebToken)result.SecurityToken).Subject == clientId ? null : "subject";
    }

    private async Task<IResult> DeviceCodeAsync(string tenant, HttpRequest request)
    {
        IFormCollection form = await request.ReadFormAsync();
        string clientId = form["client_id"].ToString();
        Interlocked.Increment(ref _deviceCodeRequests);
        if (!string.Equals(tenant, Tenant, StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "invalid_request", 90002, $"Tenant '{tenant}' not found.");
        }

        if (!_publicClients.ContainsKey(clientId) && !_secrets.ContainsKey(clientId) && !_certificates.ContainsKey(clientId))
        {
            return Error(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{Tenant}'.");
        }

        string deviceCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        string userCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        _deviceCodes[deviceCode] = new DeviceGrant(clientId, userCode, DateTimeOffset.UtcNow + DeviceCodeLifetime);
        _issuedDeviceCodes.Enqueue(deviceCode);
        string verification = $"https://127.0.0.1:{Port}/{Tenant}/device";
        return Results.Json(new Dictionary<string, object>
        {
            ["device_code"] = deviceCode,
            ["user_code"] = userCode,
            ["verification_uri"] = verification,
            ["expires_in"] = (int)Math.Ceiling((DeviceCodeAdvertisedLifetime ?? DeviceCodeLifetime).TotalSeconds),
            ["interval"] = DeviceCodeInterval,
            ["message"] = $"To sign in, use a web browser to open the page {verification} and enter the code {userCode} to authenticate.",
        });
    }

    // RFC 8628 section 3.5 with Entra ID's error codes: authorization_pending until the user decided, then a token or
    // the user's refusal; expired_token once the code's lifetime is over.
    private IResult DeviceToken(string deviceCode, string clientId, string scope)
    {
        Interlocked.Increment(ref _deviceCodePolls);
        if (!_deviceCodes.TryGetValue(deviceCode, out DeviceGrant? grant) || grant.ClientId != clientId)
        {
            return Error(400, "bad_verification_code", 70019, "The device code is not known.");
        }

        if (DateTimeOffset.UtcNow > grant.Expires)
        {
            _deviceCodes.TryRemove(deviceCode, out _);
            return Error(400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.");
        }

        if (DeviceCodeSlowDown)
        {
            return Error(400, "slow_down", 70016, "Polling too fast; wait longer between requests.");
        }

        int polls = Interlocked.Increment(ref grant.Polls);
        if (AutoApproveDeviceCodesAfterPolls is int after && polls > after)
        {
            grant.Decision ??= Approved;
        }

        switch (grant.Decision)
        {
            case null:
                return Error(400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
            case Approved:
                _deviceCodes.TryRemove(deviceCode, out _);
                return Issue(clientId, scope, withUser: true);
            case "access_denied":
                _deviceCodes.TryRemove(deviceCode, out _);
                return Error(400, "access_denied", 70000, "The user denied the authorization request.");
            default:
                _deviceCodes.TryRemove(deviceCode, out _);
                return Error(400, "authorization_declined", 70000, "The user declined the sign-in.");
        }
    }

    private bool Decide(string userCode, string decision)
    {
        DeviceGrant? grant = _deviceCodes.Values.FirstOrDefault(g => string.Equals(g.UserCode, userCode, StringComparison.Ordinal));
        if (grant is null || grant.Decision is not null)
        {
            return false;
        }

        grant.Decision = decision;
        return true;
    }

    private IResult Issue(string clientId, string scope, bool withUser)
    {
        DateTime now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["appid"] = clientId,
            ["azp"] = clientId,
            ["sub"] = _subjects.TryGetValue(clientId, out string? mailbox) ? mailbox : clientId,
            ["tid"] = TenantObjectId,
            ["roles"] = new[] { "SMTP.SendAsApp" },
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        string token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "https://outlook.office365.com",
            IssuedAt = now,
            NotBefore = now.AddSeconds(-1),
            Expires = now.Add(TokenLifetime),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signingKey) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
        });
        _issued.Enqueue(token);
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)Math.Ceiling(TokenLifetime.TotalSeconds),
            ["ext_expires_in"] = (int)Math.Ceiling(TokenLifetime.TotalSeconds),
            ["access_token"] = token,
        };
        if (withUser)
        {
            string refresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            _refreshTokens[refresh] = clientId;
            _issuedRefreshTokens.Enqueue(refresh);
            body["refresh_token"] = refresh;

            // Entra ID's client_info (asked for with client_info=1): MSAL keys the signed-in account on uid.utid.
            body["client_info"] = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, string> { ["uid"] = AdminObjectId, ["utid"] = TenantObjectId }));
            body["scope"] = scope;
            body["id_token"] = _handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = clientId,
                IssuedAt = now,
                Expires = now.AddHours(1),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "admin-subject", ["oid"] = AdminObjectId, ["tid"] = TenantObjectId,
                    ["preferred_username"] = "admin@" + Tenant, ["name"] = "Test Admin",
                },
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_signingKey) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
            });
        }

        return Results.Json(body);
    }

    private IResult Error(int status, string error, int aadsts, string description)
    {
        _refusals.Enqueue(error + " AADSTS" + aadsts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Results.Json(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{aadsts}: {description} Trace ID: {Guid.NewGuid()}",
            ["error_codes"] = new[] { aadsts },
            ["timestamp"] = DateTime.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
        }, statusCode: status);
    }

    private const string Approved = "approved";

    private sealed class DeviceGrant(string clientId, string userCode, DateTimeOffset expires)
    {
        public int Polls;

        public string ClientId { get; } = clientId;

        public string UserCode { get; } = userCode;

        public DateTimeOffset Expires { get; } = expires;

        public string? Decision { get; set; }
    }
}
