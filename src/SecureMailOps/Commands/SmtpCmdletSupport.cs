using System;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>Builds an engine SmtpProfile from cmdlet parameters; shared by the three SMTP cmdlets so their inline parameters mean the same.</summary>
internal static class SmtpCmdletSupport
{
    public static SmtpProfile BuildProfile(
        PSCmdlet cmdlet,
        string server,
        int port,
        string tlsMode,
        PSCredential? credential,
        SecureString? oauthToken,
        string? userName,
        string[]? pins,
        string minimumTlsVersion,
        int timeoutSeconds,
        int maxRetries,
        string? protocolLogPath)
    {
        var profile = new SmtpProfile(server, port, EngineEnum.Parse<SmtpTlsMode>(tlsMode))
        {
            MinimumTlsVersion = EngineEnum.Parse<SmtpTlsVersion>(minimumTlsVersion),
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            MaxRetries = maxRetries,
        };
        if (pins is not null)
        {
            profile.AddCertificatePins(pins);
        }

        if (oauthToken is not null)
        {
            string? user = userName ?? credential?.UserName;
            if (string.IsNullOrEmpty(user))
            {
                throw new SecureMailOpsException(SmtpErrorIds.UserNameMissing, FailureKind.InvalidArgument, "-OAuthToken needs the mailbox it was issued for: give -UserName (or -Credential).");
            }

            profile.SetOAuthToken(user!, oauthToken);
        }
        else if (credential is not null && credential != PSCredential.Empty)
        {
            profile.SetPassword(credential.UserName, credential.Password);
        }

        if (!string.IsNullOrEmpty(protocolLogPath))
        {
            // Resolved like any PowerShell path, relative to the current location.
            profile.ProtocolLogPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(protocolLogPath);
        }

        return profile;
    }
}
