using System;
using System.IO;
using MailKit;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.State;

namespace SecureMailOps.Core.Mail;

/// <summary>
/// Opens the protocol log. A new file is created empty and made owner-only (0600 on Linux/macOS)
/// before anything is written to it, like the state store: it names servers, accounts and recipients.
/// An existing file keeps the permissions its owner gave it.
/// </summary>
internal static class ProtocolLogFile
{
    public static IProtocolLogger Open(string path)
    {
        try
        {
            bool created = false;
            try
            {
                using (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
                {
                    created = true;
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // It exists already (or another connection created it a moment ago and restricts it).
            }

            if (created)
            {
                OwnerOnlyPermissions.ApplyToFile(path);
            }

            return new ProtocolLogger(path, append: true) { RedactSecrets = true };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecureMailOpsException(SmtpErrorIds.ProtocolLogUnavailable, FailureKind.WriteError,
                $"The protocol log '{path}' could not be created owner-only or opened: {ex.Message}", path, ex);
        }
    }
}
