using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureMailOps.Core.Policies;

/// <summary>
/// The 17 practices (docs/practices.md) and the cmdlets meant to act on each. Cmdlets are filtered by
/// what the loaded module actually exports, so the list never names a command that is not there.
/// </summary>
public static class PracticeCatalog
{
    private static readonly string[] PolicyCmdlets = { "Invoke-SecurityPolicy", "Assert-SecurityPolicy" };

    private static readonly (string Title, string Coverage, string[] Cmdlets)[] Practices =
    {
        ("Understand 2FA: something you know plus something you have", "about_SecureMailOps explains the factors; findings name the factor that is missing.", new[] { "New-OtpEnrollment" }),
        ("Enable 2FA on every important mail account", "Rules: the account has two-factor authentication on (shared and service accounts included), its registered method is usable (Entra ID MFA capable), and 2-step verification is enforced (Google Workspace).", new[] { "New-OtpEnrollment", "New-OtpSecret" }),
        ("Use a trusted authenticator app", "TOTP enrollment (otpauth URI and QR code) for authenticator apps; rules: an app or hardware key is enrolled, and not every method is a phone or e-mail one.", new[] { "New-OtpSecret", "New-OtpEnrollment", "Get-OtpCode", "Test-OtpCode" }),
        ("Keep backup codes safe", "Single-use backup codes, shown once and stored only as salted hashes; rule: backup codes generated and stored securely.", new[] { "New-OtpBackupCode", "Test-OtpBackupCode" }),
        ("Use strong, unique passwords and change them when needed", "Rules: length, reuse and breach flags; forced rotation is a parameter, off by default (NIST SP 800-63B); self-service password reset only with MFA registered.", Array.Empty<string>()),
        ("Never share codes; resist phishing", "Codes never appear in output, logs or errors; emailed codes say never to share them; rules: no shared credentials, phishing training.", new[] { "Send-OtpChallenge", "Confirm-OtpChallenge" }),
        ("Secure the devices used for 2FA", "Rules: screen lock, patch age, disk encryption, both on any device that holds a second factor; managed devices compliant, not jailbroken, synced recently, no reported threat.", Array.Empty<string>()),
        ("Monitor account activity", "One-time password failures, replays and lock-outs are recorded; rules: activity alerts on and reviewed recently.", new[] { "Get-OtpActivity" }),
        ("Use secure connections", "Mail is sent only over TLS 1.2+ with a validated or pinned certificate; the server probe reports TLS version, certificate and AUTH exposure; rules on connections, and SMTP AUTH, POP and IMAP off for mailboxes and the organisation.", new[] { "Send-SecureMail", "Test-SmtpServer", "New-SmtpProfile" }),
        ("Be careful on public Wi-Fi", "Rule: a connection from public Wi-Fi goes through a VPN.", Array.Empty<string>()),
        ("Take extra measures such as a VPN", "Rule: a VPN is used from the network types the policy names.", Array.Empty<string>()),
        ("Stay informed about threats", "Rule: security-awareness training completed within the configured time.", Array.Empty<string>()),
        ("Back up important email", "Rule: the mailbox was backed up within the configured time.", Array.Empty<string>()),
        ("Run antivirus on every device", "Rules: antivirus enabled and its definitions current; no jailbroken device, no threat reported by a threat defence partner, devices synced recently.", Array.Empty<string>()),
        ("Limit access to accounts", "Rules: no shared credentials, delegates within the configured limit, no password-only paths in (SMTP AUTH, POP, IMAP, self-service reset without MFA).", Array.Empty<string>()),
        ("Use more than two factors for sensitive accounts", "Rules: privileged accounts have a phishing-resistant factor (FIDO2, passkey, Windows Hello, platform key, certificate) or more than two factors; phone and e-mail methods alone are not enough.", new[] { "New-OtpEnrollment" }),
        ("Stay vigilant and report incidents", "Findings go to CI (Assert-SecurityPolicy) and to any format PowerShell exports; rule: the owner knows how to report an incident.", new[] { "Assert-SecurityPolicy" }),
    };

    /// <summary>Gets the number of practices.</summary>
    public static int Count => Practices.Length;

    /// <summary>Builds the practice list for a set of policies.</summary>
    /// <param name="policies">The policies whose rules count as coverage.</param>
    /// <param name="availableCmdlets">The cmdlets the module exports; others are left out.</param>
    /// <returns>The 17 practices in order.</returns>
    public static IReadOnlyList<SecurityPractice> Build(IEnumerable<SecurityPolicy> policies, ICollection<string> availableCmdlets)
    {
        if (policies is null)
        {
            throw new ArgumentNullException(nameof(policies));
        }

        if (availableCmdlets is null)
        {
            throw new ArgumentNullException(nameof(availableCmdlets));
        }

        List<PolicyRule> rules = policies.SelectMany(p => p.Rules).ToList();
        var result = new List<SecurityPractice>();
        for (int i = 0; i < Practices.Length; i++)
        {
            int number = i + 1;
            string[] ruleIds = rules.Where(r => r.Practices.Contains(number)).Select(r => r.Id).ToArray();
            IEnumerable<string> cmdlets = Practices[i].Cmdlets;
            if (ruleIds.Length > 0)
            {
                cmdlets = cmdlets.Concat(PolicyCmdlets);
            }

            string[] present = cmdlets.Distinct(StringComparer.OrdinalIgnoreCase).Where(availableCmdlets.Contains).ToArray();
            result.Add(new SecurityPractice(number, Practices[i].Title, Practices[i].Coverage, ruleIds, present));
        }

        return result;
    }
}
