using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Policies.Sources;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// Several sources merged into one record per account and device, with provenance per field, conflict
/// warnings, organisation-wide SMTP AUTH inherited from Get-TransportConfig, and NotApplicable for fields no
/// source of a record carries.
/// </summary>
public sealed class InventoryMergeTests : IDisposable
{
    private const string Rules = """
        apiVersion: securemailops/v1
        kind: SecurityPolicy
        metadata:
          name: merged
        spec:
          rules:
            - id: M-MFA
              title: MFA registered
              severity: high
              practice: 2
              target: Account
              condition: { field: mfa.enabled, equals: true }
              remediation: register MFA
            - id: M-SMTP
              title: SMTP AUTH off
              severity: high
              practice: 9
              target: Account
              condition: { field: mail.smtpAuthEnabled, equals: false }
              remediation: turn SMTP AUTH off
            - id: M-PWD
              title: long password
              severity: medium
              practice: 1
              target: Account
              condition: { field: password.length, greaterOrEquals: 12 }
              remediation: use a longer password
            - id: M-DEV
              title: device compliant
              severity: high
              practice: 7
              target: Device
              condition: { field: compliant, equals: true }
              remediation: make it compliant
            - id: M-SCREEN
              title: screen lock
              severity: medium
              practice: 7
              target: Device
              condition: { field: screenLock, equals: true }
              remediation: lock the screen
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-merge-" + Guid.NewGuid().ToString("N"));

    public InventoryMergeTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    private static List<InventoryRecord> Read(string path, string? source = null)
    {
        using InventoryReader reader = InventoryReader.Open(path, null, source);
        var errors = new List<SecureMailOpsException>();
        List<InventoryRecord> records = reader.ReadRecords(errors.Add).ToList();
        Assert.Empty(errors);
        return records;
    }

    private static List<PolicyFinding> Evaluate(IEnumerable<InventoryRecord> records)
    {
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(PolicyLoader.LoadText(Rules, "merged.yaml").ToList(), null, null, PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        foreach (InventoryRecord record in records)
        {
            evaluator.Evaluate(record, findings);
        }

        return findings;
    }

    private (string Entra, string Intune, string Cas, string Transport) WriteExports()
    {
        string entra = Write("entra.json", """
            {
              "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
              "value": [
                { "id": "1", "userPrincipalName": "Alex@contoso.com", "isAdmin": false, "isMfaRegistered": true, "isMfaCapable": true, "methodsRegistered": ["microsoftAuthenticatorPush"], "userType": "member" },
                { "id": "2", "userPrincipalName": "bianca@contoso.com", "isAdmin": true, "isMfaRegistered": false, "isMfaCapable": false, "methodsRegistered": [], "userType": "member" }
              ]
            }
            """);
        string intune = Write("intune.json", """
            { "value": [
              { "id": "d1", "deviceName": "LAPTOP-ALEX", "userPrincipalName": "alex@contoso.com", "operatingSystem": "Windows", "complianceState": "compliant", "isEncrypted": true },
              { "id": "d2", "deviceName": "PHONE-BIANCA", "userPrincipalName": "bianca@contoso.com", "operatingSystem": "iOS", "complianceState": "noncompliant", "isEncrypted": true }
            ] }
            """);

        // Export-Csv of Get-CASMailbox: an empty SmtpClientAuthenticationDisabled cell is $null (inherit).
        string cas = Write("cas.csv", """
            PrimarySmtpAddress,UserPrincipalName,SmtpClientAuthenticationDisabled,PopEnabled,ImapEnabled,ActiveSyncEnabled,MAPIEnabled,OWAEnabled,EwsEnabled
            alex@contoso.com,ALEX@contoso.com,True,False,False,True,True,True,True
            bianca@contoso.com,bianca@contoso.com,,True,True,True,True,True,True
            """);
        string transport = Write("transport.json", """[ { "Identity": "Transport Settings", "SmtpClientAuthenticationDisabled": false } ]""");
        return (entra, intune, cas, transport);
    }

    [Fact]
    public void Entra_intune_and_exchange_exports_of_the_same_users_merge_into_one_record_per_user_with_provenance()
    {
        var (entra, intune, cas, transport) = WriteExports();
        var merger = new InventoryMerger();
        foreach (string file in new[] { entra, intune, cas, transport })
        {
            foreach (InventoryRecord record in Read(file))
            {
                merger.Add(record);
            }
        }

        IReadOnlyList<InventoryRecord> merged = merger.Merge();
        Assert.Equal(string.Empty, string.Join("\n", merger.TakeWarnings().Select(w => w.Message)));
        Assert.Equal(new[] { "Alex@contoso.com", "bianca@contoso.com", "LAPTOP-ALEX", "PHONE-BIANCA" }, merged.Select(r => r.Id));
        InventoryRecord alex = merged[0];
        Assert.Equal(true, PolicyTestKit.FieldAt(alex, "mfa.enabled"));
        Assert.Equal(false, PolicyTestKit.FieldAt(alex, "mail.smtpAuthEnabled"));
        Assert.Equal("mailbox", PolicyTestKit.FieldAt(alex, "mail.smtpAuthScope"));
        Assert.Equal(new object?[] { "EntraRegistration", "ExchangeOnlineMailbox" }, (RecordList)alex.Fields["inventorySource"]!);
        Assert.Equal(new[] { "EntraRegistration", "ExchangeOnlineMailbox" }, alex.InventorySources);

        // Bianca's mailbox inherits the organisation's SMTP AUTH (enabled), from the transport config.
        InventoryRecord bianca = merged[1];
        Assert.Equal(true, PolicyTestKit.FieldAt(bianca, "mail.smtpAuthEnabled"));
        Assert.Equal("organization", PolicyTestKit.FieldAt(bianca, "mail.smtpAuthScope"));
        Assert.Equal("ExchangeOnlineTransportConfig", bianca.OriginOf("mail.smtpAuthEnabled")!.Source);
        Assert.EndsWith("transport.json:1", bianca.OriginOf("mail.smtpAuthEnabled")!.Place, StringComparison.Ordinal);
        Assert.EndsWith("cas.csv:3", bianca.OriginOf("mail.popEnabled")!.Place, StringComparison.Ordinal);
        Assert.EndsWith("entra.json:5", bianca.OriginOf("mfa.enabled")!.Place, StringComparison.Ordinal);

        List<PolicyFinding> findings = Evaluate(merged);
        PolicyFinding mfa = findings.Single(f => f.RuleId == "M-MFA" && f.TargetName == "bianca@contoso.com");
        Assert.Equal(FindingOutcome.Fail, mfa.Outcome);
        Assert.EndsWith("entra.json:5", mfa.TargetSource, StringComparison.Ordinal);
        Assert.Contains("mfa.enabled: EntraRegistration (", mfa.Provenance, StringComparison.Ordinal);

        PolicyFinding smtp = findings.Single(f => f.RuleId == "M-SMTP" && f.TargetName == "bianca@contoso.com");
        Assert.Equal(FindingOutcome.Fail, smtp.Outcome);
        Assert.EndsWith("transport.json:1", smtp.TargetSource, StringComparison.Ordinal);
        Assert.Equal(FindingOutcome.Pass, findings.Single(f => f.RuleId == "M-SMTP" && f.TargetName == "Alex@contoso.com").Outcome);
        Assert.EndsWith("cas.csv:2", findings.Single(f => f.RuleId == "M-SMTP" && f.TargetName == "Alex@contoso.com").TargetSource, StringComparison.Ordinal);

        // None of Entra, Exchange Online carries passwords: NotApplicable with the reason, not Fail.
        PolicyFinding password = findings.Single(f => f.RuleId == "M-PWD" && f.TargetName == "bianca@contoso.com");
        Assert.Equal(FindingOutcome.NotApplicable, password.Outcome);
        Assert.Contains("EntraRegistration and ExchangeOnlineMailbox and ExchangeOnlineTransportConfig do not carry password.length", password.Reason, StringComparison.Ordinal);

        PolicyFinding device = findings.Single(f => f.RuleId == "M-DEV" && f.TargetName == "PHONE-BIANCA");
        Assert.Equal(FindingOutcome.Fail, device.Outcome);
        Assert.EndsWith("intune.json:3", device.TargetSource, StringComparison.Ordinal);
        Assert.Equal("not applicable: IntuneDevices does not carry screenLock", findings.Single(f => f.RuleId == "M-SCREEN" && f.TargetName == "PHONE-BIANCA").Reason);

        // The transport config is no account of its own: it gives no findings.
        Assert.DoesNotContain(findings, f => f.TargetName == "Transport Settings");
    }

    [Fact]
    public void A_value_two_sources_disagree_on_is_a_warning_naming_both_and_the_first_is_kept()
    {
        string entra = Write("entra.jsonl", """{ "userPrincipalName": "liz@example.com", "isMfaRegistered": true, "isAdmin": false }""");
        string google = Write("gam.csv", "primaryEmail,isEnrolledIn2Sv,isEnforcedIn2Sv,isAdmin,isDelegatedAdmin,suspended,archived,lastLoginTime\nLIZ@example.com,False,False,False,False,False,False,2026-05-01T10:00:00.000Z\n");
        var merger = new InventoryMerger();
        foreach (InventoryRecord record in Read(entra).Concat(Read(google)))
        {
            merger.Add(record);
        }

        InventoryRecord liz = Assert.Single(merger.Merge());
        PolicyWarning warning = Assert.Single(merger.TakeWarnings());
        Assert.Equal(PolicyErrorIds.InventoryConflict, warning.Id);
        Assert.Contains("mfa.enabled is true in EntraRegistration (", warning.Message, StringComparison.Ordinal);
        Assert.Contains("entra.jsonl:1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("but false in GoogleWorkspaceUsers (", warning.Message, StringComparison.Ordinal);
        Assert.Contains("gam.csv:2", warning.Message, StringComparison.Ordinal);
        Assert.Equal(true, PolicyTestKit.FieldAt(liz, "mfa.enabled"));
        Assert.Equal("enabled", liz.Fields["status"]);
        Assert.Equal(false, PolicyTestKit.FieldAt(liz, "mfa.enforced"));
    }

    [Fact]
    public void Records_in_the_native_contract_keep_todays_behaviour_for_fields_no_source_carries()
    {
        PolicyFinding finding = Evaluate(new[] { PolicyTestKit.Record("""{"id": "a", "password": {"length": 8}}""") }).Single(f => f.RuleId == "M-PWD");
        Assert.Equal(FindingOutcome.Fail, finding.Outcome);
        Assert.Equal("test", finding.Provenance);
    }

    [Fact]
    public void A_single_source_record_not_merged_is_not_applicable_for_a_field_it_does_not_carry()
    {
        string entra = Write("one.jsonl", """{ "userPrincipalName": "x@contoso.com", "isMfaRegistered": true }""");
        List<PolicyFinding> findings = Evaluate(Read(entra));
        PolicyFinding password = findings.Single(f => f.RuleId == "M-PWD");
        Assert.Equal(FindingOutcome.NotApplicable, password.Outcome);
        Assert.Equal("not applicable: EntraRegistration does not carry password.length", password.Reason);
        Assert.Equal(FindingOutcome.Pass, findings.Single(f => f.RuleId == "M-MFA").Outcome);

        // Exchange Online carries no MFA: not applicable, not a failure.
        string cas = Write("cas.json", """[ { "PrimarySmtpAddress": "x@contoso.com", "SmtpClientAuthenticationDisabled": true, "PopEnabled": false, "ImapEnabled": false } ]""");
        Assert.Equal("not applicable: ExchangeOnlineMailbox does not carry mfa.enabled", Evaluate(Read(cas)).Single(f => f.RuleId == "M-MFA").Reason);
    }

    [Fact]
    public void Source_reads_a_file_as_the_named_source_and_an_unknown_name_or_a_count_mismatch_is_a_clear_error()
    {
        // Without -Source this record has no kind and no known shape; read as ExchangeOnlineMailbox it is one.
        string path = Write("mailbox.json", """[ { "PrimarySmtpAddress": "x@contoso.com", "SmtpClientAuthenticationDisabled": false } ]""");
        InventoryRecord record = Assert.Single(Read(path, "ExchangeOnlineMailbox"));
        Assert.Equal(true, PolicyTestKit.FieldAt(record, "mail.smtpAuthEnabled"));
        Assert.Equal("ExchangeOnlineMailbox", record.Fields["inventorySource"]);

        var unknown = Assert.Throws<SecureMailOpsException>(() => InventoryReader.Open(path, null, "Okta"));
        Assert.Equal(PolicyErrorIds.InventorySource, unknown.ErrorId);
        Assert.Contains("EntraRegistration, IntuneDevices, GoogleWorkspaceUsers, ExchangeOnlineMailbox, ExchangeOnlineTransportConfig, EntraRegistrationCsv", unknown.Message, StringComparison.Ordinal);

        Assert.Equal(new string?[] { "IntuneDevices", "IntuneDevices", "IntuneDevices" }, InventorySources.PairWithPaths(3, new[] { "IntuneDevices" }));
        Assert.Equal(new string?[] { "EntraRegistration", "IntuneDevices" }, InventorySources.PairWithPaths(2, new[] { "EntraRegistration", "IntuneDevices" }));
        Assert.Equal(new string?[] { null, null }, InventorySources.PairWithPaths(2, null));
        var mismatch = Assert.Throws<SecureMailOpsException>(() => InventorySources.PairWithPaths(3, new[] { "EntraRegistration", "IntuneDevices" }));
        Assert.Equal(PolicyErrorIds.InventorySource, mismatch.ErrorId);
        Assert.Contains("-Source has 2 names for 3 -Path entries", mismatch.Message, StringComparison.Ordinal);
    }
}
