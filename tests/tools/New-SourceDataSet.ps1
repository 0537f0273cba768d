<#
.SYNOPSIS
    Writes generated inventories shaped like the exports issue 16 reads, with known defects: Entra ID
    registration details (a Graph {"value": [...]} page and the same records as JSON Lines), Intune
    managedDevices (a Graph page), Google Workspace users.list ({"users": [...]}), and an Exchange Online
    Get-CASMailbox CSV export with its Get-TransportConfig; for each, the same records in the module's own
    contract (JSON Lines, kind Account/Device), and expected.json: how many Fail findings each baseline
    rule must give per source.
.DESCRIPTION
    Deterministic: the same -Seed and -Count give the same files, byte for byte. The defects are drawn from
    the seed and counted as they are written, by this script's own reading of each rule (not by the engine),
    so a test can compare the engine's findings with expected.json. Dates are relative to -AsOf; evaluate
    with the same -AsOf. Accounts are user<N>@contoso.com in Entra, Intune (owners) and Exchange, so the
    sources can be merged per account; Google users are user<N>@example.com.

    Rules counted: those a source carries the fields of (SMO-ACC-001, 002, 003, 015, 017 to 025;
    SMO-DEV-003, 007 to 010). Other baseline rules judge fields these sources do not carry.
    Suspended and archived Google users are always enrolled and enforced, so their count does not depend
    on whether the reader maps them to status (docs/policies.md, "Guests and inactive accounts").
.EXAMPLE
    ./tests/tools/New-SourceDataSet.ps1 -OutputFolder ./out/datasets -Count 100000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $OutputFolder,
    [ValidateRange(1, 10000000)][int] $Count = 100000,
    [int] $Seed = 16,
    [DateTimeOffset] $AsOf = [DateTimeOffset]'2026-06-01T00:00:00Z',
    # Which sources to write (all by default); a benchmark of one source need not write the others.
    [ValidateSet('EntraRegistration', 'IntuneDevices', 'GoogleWorkspaceUsers', 'ExchangeOnlineMailbox')]
    [string[]] $Source = @('EntraRegistration', 'IntuneDevices', 'GoogleWorkspaceUsers', 'ExchangeOnlineMailbox')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

if (-not ('SmoTools.SourceDataSet' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
namespace SmoTools {
    public static class SourceDataSet {
        static readonly Encoding Utf8 = new UTF8Encoding(false);
        static readonly Dictionary<string, string> Mapped = new Dictionary<string, string> {
            { "microsoftAuthenticatorPush", "push" }, { "softwareOneTimePasscode", "totp" }, { "hardwareOneTimePasscode", "hardware" },
            { "fido2SecurityKey", "fido2" }, { "passKeyDeviceBound", "fido2" }, { "windowsHelloForBusiness", "windowsHello" },
            { "macOsSecureEnclaveKey", "platformKey" }, { "mobilePhone", "sms" }, { "alternateMobilePhone", "sms" },
            { "officePhone", "voice" }, { "email", "email" },
        };
        static readonly string[][] WeakSets = {
            new[] { "mobilePhone" }, new[] { "email" }, new[] { "mobilePhone", "officePhone" }, new[] { "mobilePhone", "email" } };
        static readonly string[] PhishingResistantGraph = { "fido2SecurityKey", "windowsHelloForBusiness", "passKeyDeviceBound", "macOsSecureEnclaveKey" };
        static readonly HashSet<string> Strong = new HashSet<string> { "totp", "push", "fido2", "hardware", "windowsHello", "platformKey", "certificate" };
        static readonly HashSet<string> Weak = new HashSet<string> { "sms", "voice", "email", "securityQuestion", "temporaryAccessPass" };
        static readonly HashSet<string> Resistant = new HashSet<string> { "fido2", "windowsHello", "platformKey", "certificate" };
        static readonly string[] BadCompliance = { "noncompliant", "inGracePeriod", "error", "conflict", "unknown" };
        static readonly string[] Threats = { "lowSeverity", "mediumSeverity", "highSeverity", "compromised", "misconfigured" };
        static readonly string[] NoThreats = { "unknown", "activated", "secured", "deactivated" };
        static readonly string[] Os = { "Windows", "iOS", "Android", "macOS" };

        static string B(bool b) { return b ? "true" : "false"; }
        static string Q(string s) { return "\"" + s + "\""; }
        static string Time(DateTimeOffset t) { return t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture); }
        static string List(IEnumerable<string> items) { return "[" + string.Join(",", items.Select(Q)) + "]"; }
        static void Count(Dictionary<string, int> e, string rule, bool fails) { if (!e.ContainsKey(rule)) e[rule] = 0; if (fails) e[rule]++; }

        // Returns the expected Fail count per rule, for each source, as source -> rule -> count.
        public static Dictionary<string, Dictionary<string, int>> Write(string folder, int count, int seed, DateTimeOffset asOf, string[] sources) {
            var result = new Dictionary<string, Dictionary<string, int>>();
            // Each source has its own generator seeded from the seed, so writing one source alone gives the same files.
            if (sources.Contains("EntraRegistration")) result["EntraRegistration"] = Entra(folder, count, new Random(seed), asOf);
            if (sources.Contains("IntuneDevices")) result["IntuneDevices"] = Intune(folder, count, new Random(seed + 1), asOf);
            if (sources.Contains("GoogleWorkspaceUsers")) result["GoogleWorkspaceUsers"] = Google(folder, count, new Random(seed + 2), asOf);
            if (sources.Contains("ExchangeOnlineMailbox")) result["ExchangeOnlineMailbox"] = Exchange(folder, count, new Random(seed + 3));
            return result;
        }

        static Dictionary<string, int> Entra(string folder, int count, Random r, DateTimeOffset asOf) {
            var e = new Dictionary<string, int>();
            using (var page = new StreamWriter(Path.Combine(folder, "entra-registration.json"), false, Utf8))
            using (var lines = new StreamWriter(Path.Combine(folder, "entra-registration.jsonl"), false, Utf8))
            using (var native = new StreamWriter(Path.Combine(folder, "entra-native.jsonl"), false, Utf8)) {
                page.Write("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails\",\"value\":[\n");
                for (int i = 0; i < count; i++) {
                    string upn = "user" + i.ToString(CultureInfo.InvariantCulture) + "@contoso.com";
                    double u = r.NextDouble();
                    bool admin = u < 0.02, guest = !admin && u < 0.05;
                    double p = r.NextDouble();
                    var graph = new List<string>();
                    bool registered = true, capable = true;
                    if (p < 0.08) { registered = false; capable = false; }
                    else if (p < 0.14) { graph.AddRange(WeakSets[r.Next(WeakSets.Length)]); }
                    else if (p < 0.17) { graph.Add("softwareOneTimePasscode"); capable = false; }
                    else {
                        graph.Add("microsoftAuthenticatorPush");
                        graph.Add("softwareOneTimePasscode");
                        if (r.NextDouble() < 0.3) graph.Add("mobilePhone");
                        if (admin && r.NextDouble() < 0.6) graph.Add(PhishingResistantGraph[r.Next(PhishingResistantGraph.Length)]);
                    }
                    bool ssprRegistered = r.NextDouble() < 0.6, ssprEnabled = r.NextDouble() < 0.9;
                    List<string> methods = graph.Select(m => Mapped[m]).Distinct().ToList();
                    bool passwordless = methods.Any(Resistant.Contains);
                    string preferred = !registered ? "none" : methods.Contains("push") ? "push" : methods.Contains("totp") ? "oath" : methods.Contains("sms") ? "sms" : "none";
                    string userType = guest ? "guest" : "member";
                    string updated = Time(asOf.AddDays(-r.Next(1, 90)));

                    string record = "{\"id\":\"" + "00000000-0000-4000-8000-" + i.ToString("D12", CultureInfo.InvariantCulture)
                        + "\",\"userPrincipalName\":" + Q(upn) + ",\"userDisplayName\":\"User " + i.ToString(CultureInfo.InvariantCulture) + "\",\"userType\":" + Q(userType)
                        + ",\"isAdmin\":" + B(admin) + ",\"isSsprRegistered\":" + B(ssprRegistered) + ",\"isSsprEnabled\":" + B(ssprEnabled)
                        + ",\"isSsprCapable\":" + B(ssprRegistered && ssprEnabled) + ",\"isMfaRegistered\":" + B(registered) + ",\"isMfaCapable\":" + B(capable)
                        + ",\"isPasswordlessCapable\":" + B(passwordless) + ",\"isSystemPreferredAuthenticationMethodEnabled\":true"
                        + ",\"lastUpdatedDateTime\":" + Q(updated) + ",\"methodsRegistered\":" + List(graph)
                        + ",\"userPreferredMethodForSecondaryAuthentication\":" + Q(preferred) + "}";
                    page.Write(record);
                    page.Write(i + 1 < count ? ",\n" : "\n");
                    lines.WriteLine(record);
                    native.WriteLine("{\"kind\":\"Account\",\"id\":" + Q(upn) + ",\"email\":" + Q(upn) + ",\"type\":" + Q(admin ? "admin" : guest ? "guest" : "user")
                        + ",\"mfa\":{\"enabled\":" + B(registered) + ",\"capable\":" + B(capable) + ",\"passwordlessCapable\":" + B(passwordless)
                        + ",\"preferredMethod\":" + Q(preferred) + ",\"methods\":" + List(methods) + "}"
                        + ",\"sspr\":{\"registered\":" + B(ssprRegistered) + ",\"enabled\":" + B(ssprEnabled) + ",\"capable\":" + B(ssprRegistered && ssprEnabled) + "}}");

                    bool judged = !guest;
                    bool anyStrong = methods.Any(Strong.Contains);
                    Count(e, "SMO-ACC-001", judged && !registered);
                    Count(e, "SMO-ACC-002", judged && registered && methods.Count == 0);
                    Count(e, "SMO-ACC-003", judged && registered && !anyStrong);
                    Count(e, "SMO-ACC-015", admin && !(methods.Contains("fido2") || methods.Contains("hardware") || methods.Count >= 2));
                    Count(e, "SMO-ACC-017", judged && registered && !capable);
                    Count(e, "SMO-ACC-018", judged && methods.Count >= 1 && methods.All(Weak.Contains));
                    Count(e, "SMO-ACC-019", admin && !methods.Any(Resistant.Contains));
                    Count(e, "SMO-ACC-021", judged && ssprRegistered && !registered);
                }
                page.Write("]}\n");
            }
            return e;
        }

        static Dictionary<string, int> Intune(string folder, int count, Random r, DateTimeOffset asOf) {
            var e = new Dictionary<string, int>();
            using (var page = new StreamWriter(Path.Combine(folder, "intune-devices.json"), false, Utf8))
            using (var native = new StreamWriter(Path.Combine(folder, "intune-native.jsonl"), false, Utf8)) {
                page.Write("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices\",\"value\":[\n");
                for (int i = 0; i < count; i++) {
                    string name = "DEVICE-" + i.ToString("D7", CultureInfo.InvariantCulture);
                    string owner = "user" + r.Next(count).ToString(CultureInfo.InvariantCulture) + "@contoso.com";
                    string compliance = r.NextDouble() < 0.9 ? "compliant" : BadCompliance[r.Next(BadCompliance.Length)];
                    bool encrypted = r.NextDouble() < 0.95;
                    double j = r.NextDouble();
                    string jail = j < 0.01 ? "True" : j < 0.03 ? "Unknown" : "False";
                    bool stale = r.NextDouble() < 0.05;
                    DateTimeOffset sync = stale ? asOf.AddDays(-r.Next(20, 200)) : asOf.AddDays(-r.Next(0, 10)).AddHours(-r.Next(0, 23));
                    bool threat = r.NextDouble() < 0.02;
                    string threatState = threat ? Threats[r.Next(Threats.Length)] : NoThreats[r.Next(NoThreats.Length)];
                    string os = Os[r.Next(Os.Length)];
                    string ownerType = r.NextDouble() < 0.8 ? "company" : "personal";
                    string record = "{\"id\":\"00000000-0000-4000-9000-" + i.ToString("D12", CultureInfo.InvariantCulture) + "\",\"deviceName\":" + Q(name)
                        + ",\"userPrincipalName\":" + Q(owner) + ",\"managedDeviceOwnerType\":" + Q(ownerType) + ",\"operatingSystem\":" + Q(os)
                        + ",\"osVersion\":\"10.0." + r.Next(19000, 26000).ToString(CultureInfo.InvariantCulture) + "\",\"complianceState\":" + Q(compliance)
                        + ",\"jailBroken\":" + Q(jail) + ",\"isEncrypted\":" + B(encrypted) + ",\"lastSyncDateTime\":" + Q(Time(sync))
                        + ",\"partnerReportedThreatState\":" + Q(threatState) + ",\"managementAgent\":\"mdm\"}";
                    page.Write(record);
                    page.Write(i + 1 < count ? ",\n" : "\n");
                    native.WriteLine("{\"kind\":\"Device\",\"id\":" + Q(name) + ",\"owner\":" + Q(owner) + ",\"os\":" + Q(os) + ",\"diskEncryption\":" + B(encrypted)
                        + ",\"compliant\":" + B(compliance == "compliant") + ",\"complianceState\":" + Q(compliance)
                        + ",\"jailbroken\":" + (jail == "Unknown" ? "null" : B(jail == "True")) + ",\"lastSync\":" + Q(Time(sync))
                        + ",\"threatState\":" + Q(threatState) + ",\"ownerType\":" + Q(ownerType) + "}");
                    Count(e, "SMO-DEV-003", !encrypted);
                    Count(e, "SMO-DEV-007", compliance != "compliant");
                    Count(e, "SMO-DEV-008", jail == "True");
                    Count(e, "SMO-DEV-009", stale);
                    Count(e, "SMO-DEV-010", threat);
                }
                page.Write("]}\n");
            }
            return e;
        }

        static Dictionary<string, int> Google(string folder, int count, Random r, DateTimeOffset asOf) {
            var e = new Dictionary<string, int>();
            using (var page = new StreamWriter(Path.Combine(folder, "google-users.json"), false, Utf8))
            using (var native = new StreamWriter(Path.Combine(folder, "google-native.jsonl"), false, Utf8)) {
                page.Write("{\"kind\":\"admin#directory#users\",\"etag\":\"\\\"generated\\\"\",\"users\":[\n");
                for (int i = 0; i < count; i++) {
                    string email = "user" + i.ToString(CultureInfo.InvariantCulture) + "@example.com";
                    bool admin = r.NextDouble() < 0.03, delegated = r.NextDouble() < 0.01;
                    bool enrolled = r.NextDouble() < 0.85, enforced = r.NextDouble() < 0.7;
                    double s = r.NextDouble();
                    bool suspended = s < 0.03, archived = !suspended && s < 0.04;
                    if (suspended || archived) { enrolled = true; enforced = true; }
                    string login = Time(asOf.AddDays(-r.Next(0, 120)).AddMinutes(-r.Next(0, 1440)));
                    string record = "{\"id\":\"" + (100000000 + i).ToString(CultureInfo.InvariantCulture) + "\",\"primaryEmail\":" + Q(email)
                        + ",\"name\":{\"fullName\":\"User " + i.ToString(CultureInfo.InvariantCulture) + "\"},\"isAdmin\":" + B(admin) + ",\"isDelegatedAdmin\":" + B(delegated)
                        + ",\"lastLoginTime\":" + Q(login) + ",\"suspended\":" + B(suspended) + ",\"archived\":" + B(archived)
                        + ",\"isEnrolledIn2Sv\":" + B(enrolled) + ",\"isEnforcedIn2Sv\":" + B(enforced) + ",\"orgUnitPath\":\"/\"}";
                    page.Write(record);
                    page.Write(i + 1 < count ? ",\n" : "\n");
                    string status = suspended ? "suspended" : archived ? "archived" : "enabled";
                    native.WriteLine("{\"kind\":\"Account\",\"id\":" + Q(email) + ",\"email\":" + Q(email) + ",\"type\":" + Q(admin || delegated ? "admin" : "user")
                        + ",\"status\":" + Q(status) + ",\"mfa\":{\"enabled\":" + B(enrolled) + ",\"enforced\":" + B(enforced) + "},\"lastLogin\":" + Q(login) + "}");
                    Count(e, "SMO-ACC-001", !enrolled);
                    Count(e, "SMO-ACC-020", !enforced);
                }
                page.Write("]}\n");
            }
            return e;
        }

        static Dictionary<string, int> Exchange(string folder, int count, Random r) {
            var e = new Dictionary<string, int>();
            // The organisation allows SMTP AUTH: a mailbox with no value of its own inherits that.
            File.WriteAllText(Path.Combine(folder, "exchange-transportconfig.json"), "{\"Identity\":\"Transport Settings\",\"SmtpClientAuthenticationDisabled\":false}\n", Utf8);
            using (var csv = new StreamWriter(Path.Combine(folder, "exchange-casmailbox.csv"), false, Utf8))
            using (var native = new StreamWriter(Path.Combine(folder, "exchange-native.jsonl"), false, Utf8)) {
                csv.WriteLine("\"Name\",\"DisplayName\",\"PrimarySmtpAddress\",\"SmtpClientAuthenticationDisabled\",\"PopEnabled\",\"ImapEnabled\",\"ActiveSyncEnabled\",\"MAPIEnabled\",\"OWAEnabled\",\"EwsEnabled\"");
                for (int i = 0; i < count; i++) {
                    string address = "user" + i.ToString(CultureInfo.InvariantCulture) + "@contoso.com";
                    double s = r.NextDouble();
                    string smtp = s < 0.7 ? "True" : s < 0.8 ? "False" : "";
                    bool pop = r.NextDouble() < 0.1, imap = r.NextDouble() < 0.15, activeSync = r.NextDouble() < 0.8;
                    csv.WriteLine("\"user" + i.ToString(CultureInfo.InvariantCulture) + "\",\"User " + i.ToString(CultureInfo.InvariantCulture) + "\"," + Q(address) + "," + Q(smtp)
                        + "," + Q(pop ? "True" : "False") + "," + Q(imap ? "True" : "False") + "," + Q(activeSync ? "True" : "False") + ",\"True\",\"True\",\"True\"");
                    bool inherited = smtp.Length == 0;
                    bool smtpOn = inherited || smtp == "False";
                    native.WriteLine("{\"kind\":\"Account\",\"id\":" + Q(address) + ",\"email\":" + Q(address) + ",\"mail\":{\"smtpAuthEnabled\":" + B(smtpOn)
                        + ",\"smtpAuthScope\":" + Q(inherited ? "organization" : "mailbox") + ",\"popEnabled\":" + B(pop) + ",\"imapEnabled\":" + B(imap)
                        + ",\"activeSyncEnabled\":" + B(activeSync) + "}}");
                    Count(e, "SMO-ACC-022", !inherited && smtpOn);
                    Count(e, "SMO-ACC-023", inherited);
                    Count(e, "SMO-ACC-024", pop);
                    Count(e, "SMO-ACC-025", imap);
                }
            }
            return e;
        }
    }
}
'@
}

New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$folder = (Resolve-Path $OutputFolder).ProviderPath
$expected = [SmoTools.SourceDataSet]::Write($folder, $Count, $Seed, $AsOf, [string[]] $Source)
$manifest = [ordered]@{ seed = $Seed; count = $Count; asOf = $AsOf.ToString('o'); expectedFailures = [ordered]@{} }
foreach ($sourceName in $expected.Keys | Sort-Object) {
    $rules = [ordered]@{}
    foreach ($rule in $expected[$sourceName].Keys | Sort-Object) { $rules[$rule] = $expected[$sourceName][$rule] }
    $manifest.expectedFailures[$sourceName] = $rules
}
$manifest | ConvertTo-Json -Depth 5 | Set-Content -Path (Join-Path $folder 'expected.json') -Encoding utf8NoBOM
Get-Item (Join-Path $folder 'expected.json')
