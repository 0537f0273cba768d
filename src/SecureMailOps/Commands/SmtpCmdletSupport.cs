using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Security;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Mail;
using SecureMailOps.Hosting;

namespace SecureMailOps.Commands;

/// <summary>
/// Binds SMTP cmdlet parameters to engine objects: the SmtpProfile (shared by the three SMTP cmdlets so their
/// inline parameters mean the same) and the parts of an OutgoingMessage that need PowerShell (paths, hashtables).
/// </summary>
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

    /// <summary>Copies a -Header hashtable, keys and values converted the way PowerShell converts them.</summary>
    public static void AddHeaders(IDictionary<string, string> headers, Hashtable? table)
    {
        if (table is null)
        {
            return;
        }

        foreach (DictionaryEntry entry in table)
        {
            headers[LanguagePrimitives.ConvertTo<string>(entry.Key)] = LanguagePrimitives.ConvertTo<string>(entry.Value) ?? string.Empty;
        }
    }

    /// <summary>Resolves -Attachment paths (PowerShell paths, wildcards allowed) to files; a path that matches none stops the message.</summary>
    public static void AddAttachments(PSCmdlet cmdlet, IList<string> attachments, string[]? paths)
    {
        foreach (string path in paths ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                continue;
            }

            Collection<string> resolved;
            try
            {
                resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFile, FailureKind.InvalidArgument,
                        $"The attachment '{path}' is not a file-system path; the message was not sent.", path);
                }
            }
            catch (ItemNotFoundException ex)
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFound, FailureKind.ObjectNotFound,
                    $"The attachment '{path}' does not exist; the message was not sent.", path, ex);
            }

            if (resolved.Count == 0)
            {
                throw new SecureMailOpsException(SmtpErrorIds.AttachmentNotFound, FailureKind.ObjectNotFound,
                    $"The attachment '{path}' matches no file; the message was not sent.", path);
            }

            foreach (string file in resolved)
            {
                attachments.Add(file);
            }
        }
    }
}
