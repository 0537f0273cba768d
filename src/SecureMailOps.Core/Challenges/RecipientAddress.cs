using System;
using System.Globalization;
using System.Text;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Otp;

namespace SecureMailOps.Core.Challenges;

/// <summary>
/// One canonical form per mailbox for the challenge limits, so that spelling variants of one
/// address (<c>"victim"@example.com</c>, <c>VICTIM@EXAMPLE.COM</c>, <c>victim@bücher.example</c> and
/// <c>victim@xn--bcher-kva.example</c>) share one budget instead of getting one each.
/// </summary>
internal static class RecipientAddress
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Canonicalises an address; see <see cref="ChallengeService.NormalizeRecipient"/>.</summary>
    /// <param name="recipient">The address, with or without a display name.</param>
    /// <returns>The canonical address.</returns>
    public static string Canonicalize(string recipient)
    {
        if (string.IsNullOrWhiteSpace(recipient) || !MimeKit.MailboxAddress.TryParse(recipient.Trim(), out MimeKit.MailboxAddress? mailbox))
        {
            throw Invalid(recipient, "it is not a mail address");
        }

        string local = mailbox.LocalPart ?? string.Empty;
        string domain = mailbox.Domain ?? string.Empty;
        if (local.Length == 0 || domain.Length == 0)
        {
            throw Invalid(recipient, "it is not a mail address");
        }

        if (domain.StartsWith("[", StringComparison.Ordinal))
        {
            throw Invalid(recipient, "domain literals such as [127.0.0.1] are refused for one-time codes; use a named domain");
        }

        local = Unquote(local);
        if (local.Length == 0 || TextRules.FindInvisibleCharacter(local) >= 0)
        {
            throw Invalid(recipient, "its local part is empty or holds a control or invisible character");
        }

        local = local.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain.Normalize(NormalizationForm.FormC).ToLowerInvariant().TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw Invalid(recipient, "its domain is not a valid (internationalised) domain name");
        }

        return (IsDotAtom(local) ? local : Quote(local)) + "@" + ascii;
    }

    // MimeKit gives a quoted local part with its quotes; the content is what identifies the mailbox.
    private static string Unquote(string local)
    {
        if (local.Length < 2 || local[0] != '"' || local[local.Length - 1] != '"')
        {
            return local;
        }

        var text = new StringBuilder(local.Length);
        for (int i = 1; i < local.Length - 1; i++)
        {
            char c = local[i];
            if (c == '\\' && i + 1 < local.Length - 1)
            {
                c = local[++i];
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static string Quote(string local)
    {
        var text = new StringBuilder(local.Length + 2).Append('"');
        foreach (char c in local)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }

    // RFC 5321 dot-string: atoms of atext (RFC 6531 adds any non-ASCII) separated by single dots.
    private static bool IsDotAtom(string local)
    {
        if (local[0] == '.' || local[local.Length - 1] == '.' || local.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        foreach (char c in local)
        {
            bool atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c > 127 || AtomSpecials.IndexOf(c) >= 0;
            if (!atext)
            {
                return false;
            }
        }

        return true;
    }

    private static SecureMailOpsException Invalid(string recipient, string why) =>
        new(ChallengeErrorIds.RecipientInvalid, FailureKind.InvalidArgument, $"'{recipient}' cannot receive a one-time code: {why}.", recipient);
}
