using System;
using System.Globalization;
using System.Net.Http;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using SecureMailOps.Core.Errors;

namespace SecureMailOps.Core.Mail.OAuth;

/// <summary>
/// Turns what MSAL throws into engine errors with a stable id per failure kind. The authority's own error
/// description is not copied into the message (an authority could echo what it was sent); its error code and
/// AADSTS number are, and the MSAL exception stays attached as the inner exception.
/// </summary>
internal static class MsalErrorMap
{
    private static readonly Regex AadstsNumber = new(@"AADSTS(?<code>\d+)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    public static SecureMailOpsException Map(Exception exception, OAuthClientSettings settings)
    {
        string authority = settings.Authority.GetLeftPart(UriPartial.Path);
        string app = $"app '{settings.ClientId}' at {authority}";
        if (Find<AuthenticationException>(exception) is not null)
        {
            return new SecureMailOpsException(OAuthErrorIds.AuthorityUntrusted, FailureKind.SecurityError,
                $"The TLS certificate of the OAuth authority {authority} is not trusted; no token was requested (trust the authority's CA in the system store; there is no switch to skip the check).",
                authority, exception);
        }

        if (exception is MsalServiceException service)
        {
            return MapService(service, settings, app, authority);
        }

        if (exception is MsalClientException client)
        {
            if (client.ErrorCode is "code_expired")
            {
                return DeviceCodeExpired(app, client.ErrorCode, settings, exception);
            }

            if (client.ErrorCode is "authentication_canceled" or "authentication_ui_failed")
            {
                return new SecureMailOpsException(OAuthErrorIds.DeviceCodeNotCompleted, FailureKind.AuthenticationError,
                    $"The device-code sign-in for {app} was not completed ({client.ErrorCode}).", settings.ClientId, exception);
            }

            if (Find<HttpRequestException>(exception) is not null || client.ErrorCode is "request_timeout" or "service_not_available")
            {
                return Unreachable(authority, exception);
            }

            if (client.ErrorCode is "invalid_authority" or "invalid_authority_type" or "authority_validation_failed" or "tenant_discovery_failed")
            {
                return new SecureMailOpsException(OAuthErrorIds.TenantNotFound, FailureKind.ObjectNotFound,
                    $"The OAuth authority {authority} has no usable OpenID Connect metadata ({client.ErrorCode}): the tenant or authority path is wrong.", authority, exception);
            }

            return new SecureMailOpsException(OAuthErrorIds.AcquisitionFailed, FailureKind.AuthenticationError,
                $"MSAL could not request a token for {app} ({client.ErrorCode}).", settings.ClientId, exception);
        }

        if (Find<HttpRequestException>(exception) is not null || exception is TaskCanceledException)
        {
            return Unreachable(authority, exception);
        }

        return new SecureMailOpsException(OAuthErrorIds.AcquisitionFailed, FailureKind.AuthenticationError,
            $"No token could be acquired for {app} ({exception.GetType().Name}).", settings.ClientId, exception);
    }

    private static SecureMailOpsException MapService(MsalServiceException service, OAuthClientSettings settings, string app, string authority)
    {
        string tenant = settings.TenantId ?? settings.Authority.AbsolutePath.Trim('/');
        int? aadsts = AadstsCode(service);
        string code = aadsts is null ? service.ErrorCode : string.Format(CultureInfo.InvariantCulture, "{0}, AADSTS{1}", service.ErrorCode, aadsts);
        switch (aadsts)
        {
            case 7000215 or 7000222 or 700027 or 700024 or 700023 or 50012:
                return new SecureMailOpsException(OAuthErrorIds.ClientCredentialInvalid, FailureKind.AuthenticationError,
                    $"The authority refused the secret or certificate of {app} ({code}): the secret is wrong or expired, or the certificate is not the one registered for the app.",
                    settings.ClientId, service);
            case 700016 or 7000112:
                return new SecureMailOpsException(OAuthErrorIds.ClientUnknown, FailureKind.ObjectNotFound,
                    $"The authority does not know the client id {settings.ClientId}, or the app is disabled ({code}): the app is not registered in tenant '{tenant}', or the id is mistyped.",
                    settings.ClientId, service);
            case 90002 or 900023 or 90013 or 90099:
                return new SecureMailOpsException(OAuthErrorIds.TenantNotFound, FailureKind.ObjectNotFound,
                    $"The authority {authority} does not know the tenant '{tenant}' ({code}).", settings.TenantId ?? authority, service);
            case 65001 or 650057 or 500011 or 650052 or 650056:
                return new SecureMailOpsException(OAuthErrorIds.ConsentMissing, FailureKind.PermissionDenied,
                    $"{app} may not get a token for {string.Join(" ", settings.Scopes)} ({code}): grant admin consent for the permission (Office 365 Exchange Online: SMTP.SendAsApp) to the app.",
                    settings.ClientId, service);
        }

        if (Find<HttpRequestException>(service) is not null || service.StatusCode >= 500 || service.StatusCode == 429
            || service.ErrorCode is "request_timeout" or "service_not_available")
        {
            return Unreachable(authority, service);
        }

        switch (service.ErrorCode)
        {
            case "invalid_client":
                return new SecureMailOpsException(OAuthErrorIds.ClientCredentialInvalid, FailureKind.AuthenticationError,
                    $"The authority refused the secret or certificate of {app} ({code}).", settings.ClientId, service);
            case "unauthorized_client":
                return new SecureMailOpsException(OAuthErrorIds.ClientUnknown, FailureKind.ObjectNotFound,
                    $"The authority does not know or does not allow the client id {settings.ClientId} ({code}).", settings.ClientId, service);
            case "invalid_tenant" or "invalid_authority" or "tenant_discovery_failed" or "oidc_failure":
                return new SecureMailOpsException(OAuthErrorIds.TenantNotFound, FailureKind.ObjectNotFound,
                    $"The authority {authority} does not know the tenant '{tenant}' ({code}).", settings.TenantId ?? authority, service);
            case "consent_required" or "invalid_resource":
                return new SecureMailOpsException(OAuthErrorIds.ConsentMissing, FailureKind.PermissionDenied,
                    $"{app} may not get a token for {string.Join(" ", settings.Scopes)} ({code}): grant admin consent for the permission.", settings.ClientId, service);
            case "authorization_declined" or "access_denied":
                return new SecureMailOpsException(OAuthErrorIds.DeviceCodeDeclined, FailureKind.PermissionDenied,
                    $"The device-code sign-in for {app} was declined at the sign-in page ({code}); no token was issued.", settings.ClientId, service);
            case "expired_token" or "code_expired":
                return DeviceCodeExpired(app, code, settings, service);
        }

        if (service.StatusCode == 404)
        {
            return new SecureMailOpsException(OAuthErrorIds.TenantNotFound, FailureKind.ObjectNotFound,
                $"The OAuth authority {authority} answered HTTP 404 ({code}): the tenant or authority path is wrong.", authority, service);
        }

        return new SecureMailOpsException(OAuthErrorIds.AcquisitionFailed, FailureKind.AuthenticationError,
            $"The authority refused a token for {app} ({code}, HTTP {service.StatusCode}).", settings.ClientId, service);
    }

    private static SecureMailOpsException DeviceCodeExpired(string app, string code, OAuthClientSettings settings, Exception exception) =>
        new(OAuthErrorIds.DeviceCodeExpired, FailureKind.OperationTimeout,
            $"The device code for {app} expired before anyone signed in with it ({code}): run New-SmtpProfile -OAuthDeviceCode again and sign in within the time shown.",
            settings.ClientId, exception);

    private static SecureMailOpsException Unreachable(string authority, Exception exception) =>
        new(OAuthErrorIds.AuthorityUnreachable, FailureKind.ConnectionError,
            $"The OAuth authority {authority} could not be reached ({Find<HttpRequestException>(exception)?.Message ?? exception.GetType().Name}); no token was acquired.",
            authority, exception);

    private static int? AadstsCode(MsalServiceException service)
    {
        Match match = AadstsNumber.Match(service.Message ?? string.Empty);
        if (match.Success && int.TryParse(match.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int fromMessage))
        {
            return fromMessage;
        }

        System.Collections.Generic.IReadOnlyList<string>? codes = service.ErrorCodesForLogging;
        return codes is { Count: > 0 } && int.TryParse(codes[0], NumberStyles.None, CultureInfo.InvariantCulture, out int listed) ? listed : null;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
