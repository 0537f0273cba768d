using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Errors;
using SecureMailOps.Core.Policies;
using Xunit;

#pragma warning disable CA1861 // Inline test data reads better than static fields; allocation does not matter here.

namespace SecureMailOps.Core.Tests.Policies;

/// <summary>
/// The CSV sources: the Entra admin center's "User registration details" download (words instead of
/// booleans, method display names; learn.microsoft.com/entra/identity/authentication/howto-authentication-methods-activity),
/// GAM's <c>print users</c> CSV, Get-CASMailbox's Export-Csv (with Windows PowerShell's #TYPE line), and a
/// users.list response shaped as the Admin SDK Directory API's Users resource
/// (developers.google.com/admin-sdk/directory/reference/rest/v1/users).
/// </summary>
public sealed class InventorySourceCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smo-csvsrc-" + Guid.NewGuid().ToString("N"));

    public InventorySourceCsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private List<InventoryRecord> Read(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        using InventoryReader reader = InventoryReader.Open(path, null);
        var errors = new List<SecureMailOpsException>();
        List<InventoryRecord> records = reader.ReadRecords(errors.Add).ToList();
        Assert.Empty(errors);
        return records;
    }

    [Fact]
    public void The_entra_admin_center_download_is_recognised_and_its_words_and_display_names_mapped()
    {
        List<InventoryRecord> records = Read("UserRegistrationDetails.csv",
            "User principal name,User display name,User type,Admin,Multifactor authentication capable,Multifactor authentication registered,Passwordless capable,SSPR registered,SSPR enabled,SSPR capable,Methods registered,Default multifactor authentication method\n"
            + "adele@contoso.com,Adele Vance,Member,Yes,Capable,Registered,Capable,Registered,Enabled,Capable,\"Microsoft Authenticator app, FIDO2 security key, Passkey (Microsoft Authenticator), Windows Hello for Business\",Microsoft Authenticator app\n"
            + "guest_x@contoso.com,Guest X,Guest,No,Not Capable,Not Registered,Not Capable,Not Registered,Not Enabled,Not Capable,\"Mobile phone, Email, Temporary Access Pass, Software OATH token\",Mobile phone\n");
        Assert.Equal(2, records.Count);
        InventoryRecord adele = records[0];
        Assert.Equal(("adele@contoso.com", "admin", "EntraRegistrationCsv"), (adele.Id, adele.Fields["type"], adele.Fields["inventorySource"]));
        Assert.Equal(true, PolicyTestKit.FieldAt(adele, "mfa.capable"));
        Assert.Equal(true, PolicyTestKit.FieldAt(adele, "mfa.enabled"));
        Assert.Equal(true, PolicyTestKit.FieldAt(adele, "mfa.passwordlessCapable"));
        Assert.Equal("push", PolicyTestKit.FieldAt(adele, "mfa.preferredMethod"));
        Assert.Equal(new object?[] { "push", "fido2", "windowsHello" }, (RecordList)PolicyTestKit.FieldAt(adele, "mfa.methods")!);
        Assert.Equal(true, PolicyTestKit.FieldAt(adele, "sspr.enabled"));

        InventoryRecord guest = records[1];
        Assert.Equal("guest", guest.Fields["type"]);
        Assert.Equal(false, PolicyTestKit.FieldAt(guest, "mfa.capable"));
        Assert.Equal(false, PolicyTestKit.FieldAt(guest, "mfa.enabled"));
        Assert.Equal(false, PolicyTestKit.FieldAt(guest, "sspr.registered"));
        Assert.Equal(new object?[] { "sms", "email", "temporaryAccessPass", "totp" }, (RecordList)PolicyTestKit.FieldAt(guest, "mfa.methods")!);
        Assert.False(((RecordMap)guest.Fields["mfa"]!).ContainsKey("enforced"));
    }

    [Fact]
    public void Gam_print_users_csv_is_read_as_google_workspace_users_with_status()
    {
        List<InventoryRecord> records = Read("gam.csv",
            "primaryEmail,name.fullName,isEnrolledIn2Sv,isEnforcedIn2Sv,isAdmin,isDelegatedAdmin,suspended,archived,lastLoginTime\n"
            + "ana@example.com,Ana,True,True,True,False,False,False,2026-05-20T08:00:00.000Z\n"
            + "bo@example.com,Bo,False,False,False,False,True,False,2026-01-02T08:00:00.000Z\n"
            + "cy@example.com,Cy,False,False,False,False,False,True,1970-01-01T00:00:00.000Z\n");
        Assert.Equal(new[] { "admin", "user", "user" }, records.Select(r => r.Fields["type"]));
        Assert.Equal(new[] { "enabled", "suspended", "archived" }, records.Select(r => r.Fields["status"]));
        Assert.Equal(true, PolicyTestKit.FieldAt(records[0], "mfa.enforced"));
        Assert.Equal(false, PolicyTestKit.FieldAt(records[1], "mfa.enabled"));
        Assert.Equal("2026-05-20T08:00:00.000Z", records[0].Fields["lastLogin"]);
        Assert.All(records, r => Assert.Equal("GoogleWorkspaceUsers", r.Fields["inventorySource"]));
    }

    [Fact]
    public void A_users_list_response_is_read_with_suspended_and_archived_users()
    {
        List<InventoryRecord> records = Read("users.json", """
            {
              "kind": "admin#directory#users",
              "etag": "\"x\"",
              "users": [
                { "kind": "admin#directory#user", "id": "1001", "primaryEmail": "liz@example.com", "name": { "givenName": "Liz", "familyName": "Smith", "fullName": "Liz Smith" },
                  "isAdmin": true, "isDelegatedAdmin": false, "lastLoginTime": "2026-05-01T10:00:00.000Z", "creationTime": "2020-01-01T00:00:00.000Z",
                  "agreedToTerms": true, "suspended": false, "archived": false, "changePasswordAtNextLogin": false, "ipWhitelisted": false,
                  "emails": [ { "address": "liz@example.com", "primary": true } ], "customerId": "C01", "orgUnitPath": "/",
                  "isMailboxSetup": true, "isEnrolledIn2Sv": true, "isEnforcedIn2Sv": false, "includeInGlobalAddressList": true },
                { "kind": "admin#directory#user", "id": "1002", "primaryEmail": "sam@example.com", "isAdmin": false, "isDelegatedAdmin": false,
                  "suspended": true, "suspensionReason": "ADMIN", "archived": false, "isEnrolledIn2Sv": false, "isEnforcedIn2Sv": false }
              ],
              "nextPageToken": "token"
            }
            """);
        Assert.Equal(new[] { "liz@example.com", "sam@example.com" }, records.Select(r => r.Id));
        Assert.Equal(new[] { "enabled", "suspended" }, records.Select(r => r.Fields["status"]));
        Assert.Equal("1001", records[0].Fields["googleId"]);
        Assert.Equal(true, PolicyTestKit.FieldAt(records[0], "mfa.enabled"));
    }

    [Fact]
    public void Get_casmailbox_export_csv_with_a_type_line_is_read_as_exchange_online_mailboxes()
    {
        List<InventoryRecord> records = Read("cas.csv",
            "#TYPE Deserialized.Microsoft.Exchange.Data.Directory.Management.CASMailbox\n"
            + "\"Name\",\"PrimarySmtpAddress\",\"SmtpClientAuthenticationDisabled\",\"PopEnabled\",\"ImapEnabled\",\"ActiveSyncEnabled\",\"MAPIEnabled\",\"OWAEnabled\",\"EwsEnabled\"\n"
            + "\"kim\",\"kim@contoso.com\",\"False\",\"True\",\"False\",\"True\",\"True\",\"True\",\"False\"\n"
            + "\"lou\",\"lou@contoso.com\",\"\",\"False\",\"False\",\"False\",\"True\",\"True\",\"True\"\n");
        Assert.Equal(new[] { "kim@contoso.com", "lou@contoso.com" }, records.Select(r => r.Id));
        InventoryRecord kim = records[0];
        Assert.Equal(true, PolicyTestKit.FieldAt(kim, "mail.smtpAuthEnabled"));
        Assert.Equal("mailbox", PolicyTestKit.FieldAt(kim, "mail.smtpAuthScope"));
        Assert.Equal(true, PolicyTestKit.FieldAt(kim, "mail.popEnabled"));
        Assert.Equal(false, PolicyTestKit.FieldAt(kim, "mail.imapEnabled"));
        Assert.Equal(false, PolicyTestKit.FieldAt(kim, "mail.ewsEnabled"));
        RecordMap lou = (RecordMap)records[1].Fields["mail"]!;
        Assert.False(lou.ContainsKey("smtpAuthEnabled"));
        Assert.Equal("organization", lou["smtpAuthScope"]);
    }
}
