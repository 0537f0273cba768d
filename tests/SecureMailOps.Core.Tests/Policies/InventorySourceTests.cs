using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>Records of known sources, recognised by their shape and mapped to the inventory contract.</summary>
public sealed class InventorySourceTests : IDisposable
{
    /// <summary>
    /// The example response of "List userRegistrationDetails", Microsoft Graph v1.0 API reference
    /// (learn.microsoft.com/graph/api/authenticationmethodsroot-list-userregistrationdetails), as published.
    /// </summary>
    internal const string GraphRegistrationExample = """
        {
          "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
          "value": [
            {
              "id": "86462606-fde0-4fc4-9e0c-a20eb73e54c6",
              "userPrincipalName": "AlexW@Contoso.com",
              "userDisplayName": "Alex Wilber",
              "isAdmin": false,
              "isSsprRegistered": false,
              "isSsprEnabled": false,
              "isSsprCapable": false,
              "isMfaRegistered": true,
              "isMfaCapable": true,
              "isPasswordlessCapable": false,
              "lastUpdatedDateTime": "2023-03-13T19:15:41.6195833Z",
              "methodsRegistered": [
                "microsoftAuthenticatorPush",
                "softwareOneTimePasscode"
              ],
              "isSystemPreferredAuthenticationMethodEnabled": true,
              "systemPreferredAuthenticationMethods": [
                "push"
              ],
              "userPreferredMethodForSecondaryAuthentication": "push",
              "userType": "member"
            },
            {
              "id": "c6ad1942-4afa-47f8-8d48-afb5d8d69d2f",
              "userPrincipalName": "AllanD@Contoso.com",
              "userDisplayName": "Allan Deyoung",
              "isAdmin": false,
              "isSsprRegistered": false,
              "isSsprEnabled": false,
              "isSsprCapable": false,
              "isMfaRegistered": false,
              "isMfaCapable": false,
              "isPasswordlessCapable": false,
              "lastUpdatedDateTime": "2023-03-13T19:15:41.6195833Z",
              "methodsRegistered": [],
              "isSystemPreferredAuthenticationMethodEnabled": true,
              "systemPreferredAuthenticationMethods": [],
              "userPreferredMethodForSecondaryAuthentication": "",
              "userType": "guest"
            },
            {
              "id": "c8096958-797c-44fa-8fde-a6fb62567cf0",
              "userPrincipalName": "BiancaP@Contoso.com",
              "userDisplayName": "Bianca Pisani",
              "isAdmin": false,
              "isSsprRegistered": true,
              "isSsprEnabled": false,
              "isSsprCapable": false,
              "isMfaRegistered": true,
              "isMfaCapable": true,
              "isPasswordlessCapable": false,
              "lastUpdatedDateTime": "2023-03-13T19:15:41.6195833Z",
              "methodsRegistered": [
                "mobilePhone",
                "microsoftAuthenticatorPush",
                "softwareOneTimePasscode"
              ],
              "isSystemPreferredAuthenticationMethodEnabled": true,
              "systemPreferredAuthenticationMethods": [
                "push"
              ],
              "userPreferredMethodForSecondaryAuthentication": "voiceMobile",
              "userType": "member"
            }
          ]
        }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-src-" + Guid.NewGuid().ToString("N"));

    public InventorySourceTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<InventoryRecord> Read(string name, string content, List<SecureMailOpsException>? errors = null)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        using InventoryReader reader = InventoryReader.Open(path, null);
        return reader.ReadRecords((errors ?? new List<SecureMailOpsException>()).Add).ToList();
    }

    private static object? Get(InventoryRecord record, string path) => PolicyTestKit.FieldAt(record, path);

    [Fact]
    public void The_graph_reference_example_is_recognised_as_entra_registration_and_mapped()
    {
        var errors = new List<SecureMailOpsException>();
        List<InventoryRecord> records = Read("registration.json", GraphRegistrationExample, errors);
        Assert.Empty(errors);
        Assert.Equal(new[] { "AlexW@Contoso.com", "AllanD@Contoso.com", "BiancaP@Contoso.com" }, records.Select(r => r.Id));
        Assert.All(records, r => Assert.Equal(TargetKind.Account, r.Kind));
        Assert.All(records, r => Assert.Equal("EntraRegistration", r.Fields["inventorySource"]));
        Assert.Equal(new object?[] { "push", "totp" }, (RecordList)Get(records[0], "mfa.methods")!);
        Assert.Equal(new object?[] { "sms", "push", "totp" }, (RecordList)Get(records[2], "mfa.methods")!);
        Assert.Equal(true, Get(records[0], "mfa.enabled"));
        Assert.Equal(false, Get(records[1], "mfa.enabled"));
        Assert.Equal(new[] { "user", "guest", "user" }, records.Select(r => r.Fields["type"]));
        Assert.Equal(true, Get(records[2], "sspr.registered"));
        Assert.Equal("86462606-fde0-4fc4-9e0c-a20eb73e54c6", records[0].Fields["objectId"]);
        Assert.Equal("voiceMobile", Get(records[2], "mfa.preferredMethod"));
        Assert.EndsWith("registration.json:4", records[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_baseline_fails_the_account_without_mfa_from_the_graph_example()
    {
        IReadOnlyList<SecurityPolicy> policies = PolicyLoader.ExpandPaths(new[] { Path.Combine(PolicyTestKit.RepoRoot, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();
        PolicyEvaluator evaluator = PolicyEvaluator.Compile(policies, null, null, PolicyTestKit.AsOf);
        var findings = new List<PolicyFinding>();
        foreach (InventoryRecord record in Read("registration.json", GraphRegistrationExample))
        {
            evaluator.Evaluate(record, findings);
        }

        // Allan is a guest: his second factor is his home tenant's, so the registration rule does not judge
        // him by default (docs/policies.md, "Guests and inactive accounts"); with no exempt types it fails him.
        Assert.Equal(FindingOutcome.NotApplicable, findings.Single(f => f.RuleId == "SMO-ACC-001" && f.TargetName == "AllanD@Contoso.com").Outcome);
        evaluator = PolicyEvaluator.Compile(policies, new Dictionary<string, object?> { ["homeTenantTypes"] = Array.Empty<string>() }, null, PolicyTestKit.AsOf);
        findings.Clear();
        foreach (InventoryRecord record in Read("registration.json", GraphRegistrationExample))
        {
            evaluator.Evaluate(record, findings);
        }

        PolicyFinding allan = findings.Single(f => f.RuleId == "SMO-ACC-001" && f.TargetName == "AllanD@Contoso.com");
        Assert.Equal(FindingOutcome.Fail, allan.Outcome);
        Assert.Equal(FindingOutcome.Pass, findings.Single(f => f.RuleId == "SMO-ACC-001" && f.TargetName == "AlexW@Contoso.com").Outcome);
        Assert.EndsWith("registration.json:27", allan.TargetSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Sdk_shaped_objects_with_pascal_case_and_additional_properties_are_recognised()
    {
        // Get-MgReportAuthenticationMethodUserRegistrationDetail's objects: PascalCase properties, and
        // properties the SDK does not model in AdditionalProperties.
        var fields = new RecordMap
        {
            ["Id"] = "1",
            ["UserPrincipalName"] = "admin@contoso.com",
            ["IsAdmin"] = true,
            ["IsMfaRegistered"] = true,
            ["MethodsRegistered"] = new RecordList(new object?[] { "fido2SecurityKey", "windowsHelloForBusiness" }),
            ["AdditionalProperties"] = new RecordMap { ["userType"] = "member" },
        };
        InventoryRecord record = InventoryRecord.FromFields(fields, null, "input #1");
        Assert.Equal("admin@contoso.com", record.Id);
        Assert.Equal("admin", record.Fields["type"]);
        Assert.Equal(new object?[] { "fido2", "windowsHello" }, (RecordList)((RecordMap)record.Fields["mfa"]!)["methods"]!);
    }

    [Fact]
    public void Intune_devices_and_google_users_are_recognised()
    {
        List<InventoryRecord> devices = Read("devices.json", """
            { "value": [ { "id": "d1", "deviceName": "LAPTOP-1", "userPrincipalName": "a@contoso.com", "operatingSystem": "Windows", "osVersion": "10.0.22631",
              "complianceState": "noncompliant", "isEncrypted": false, "jailBroken": "Unknown", "lastSyncDateTime": "2026-05-01T00:00:00Z",
              "partnerReportedThreatState": "high", "managedDeviceOwnerType": "company" } ] }
            """);
        InventoryRecord device = Assert.Single(devices);
        Assert.Equal((TargetKind.Device, "LAPTOP-1"), (device.Kind, device.Id));
        Assert.Equal(false, device.Fields["compliant"]);
        Assert.Equal(false, device.Fields["diskEncryption"]);
        Assert.Null(device.Fields["jailbroken"]);
        Assert.Equal("a@contoso.com", device.Fields["owner"]);

        List<InventoryRecord> users = Read("users.json", """
            { "kind": "admin#directory#users", "users": [ { "primaryEmail": "liz@example.com", "isAdmin": false, "isDelegatedAdmin": true,
              "isEnrolledIn2Sv": false, "isEnforcedIn2Sv": false, "suspended": false, "lastLoginTime": "2026-04-01T10:00:00.000Z" } ] }
            """);
        InventoryRecord user = Assert.Single(users);
        Assert.Equal((TargetKind.Account, "liz@example.com", "admin"), (user.Kind, user.Id, user.Fields["type"]));
        Assert.Equal(false, ((RecordMap)user.Fields["mfa"]!)["enabled"]);
        Assert.Equal("GoogleWorkspaceUsers", user.Fields["inventorySource"]);
    }

    [Fact]
    public void A_record_of_no_known_shape_and_no_kind_is_an_error_that_lists_the_sources()
    {
        var errors = new List<SecureMailOpsException>();
        Assert.Empty(Read("unknown.json", """[ { "upn": "x@contoso.com" } ]""", errors));
        SecureMailOpsException error = Assert.Single(errors);
        Assert.Equal(PolicyErrorIds.InventoryKind, error.ErrorId);
        Assert.Contains("EntraRegistration, IntuneDevices, GoogleWorkspaceUsers", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown.json:1", error.Message, StringComparison.Ordinal);
    }
}
