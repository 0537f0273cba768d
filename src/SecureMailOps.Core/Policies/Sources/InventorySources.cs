using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// The inventory sources a record without a <c>kind</c> field is recognised as, by its shape:
/// EntraRegistration (Graph <c>userRegistrationDetails</c>), IntuneDevices (Graph <c>managedDevices</c>)
/// and GoogleWorkspaceUsers (Directory API <c>users</c>). PascalCase properties (as the Microsoft Graph
/// PowerShell SDK gives them) match too, since field names are case-insensitive, and the SDK's
/// <c>AdditionalProperties</c> are read as fields.
/// </summary>
internal static class InventorySources
{
    /// <summary>The field each mapped record carries, naming its source (provenance).</summary>
    public const string SourceField = "inventorySource";

    private static readonly Dictionary<string, string> EntraMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["microsoftAuthenticatorPush"] = "push",
        ["microsoftAuthenticatorPasswordless"] = "push",
        ["softwareOneTimePasscode"] = "totp",
        ["hardwareOneTimePasscode"] = "hardware",
        ["fido2SecurityKey"] = "fido2",
        ["passKeyDeviceBound"] = "fido2",
        ["passKeyDeviceBoundAuthenticator"] = "fido2",
        ["passKeyDeviceBoundWindowsHello"] = "fido2",
        ["windowsHelloForBusiness"] = "windowsHello",
        ["macOsSecureEnclaveKey"] = "platformKey",
        ["mobilePhone"] = "sms",
        ["alternateMobilePhone"] = "sms",
        ["officePhone"] = "voice",
        ["email"] = "email",
        ["temporaryAccessPass"] = "temporaryAccessPass",
        ["securityQuestion"] = "securityQuestion",
    };

    /// <summary>Gets every source, in the order they are tried.</summary>
    public static IReadOnlyList<InventorySource> All { get; } = new[]
    {
        new InventorySource("EntraRegistration", TargetKind.Account, new[] { "userPrincipalName", "isMfaRegistered" }, MapEntraRegistration),
        new InventorySource("IntuneDevices", TargetKind.Device, new[] { "deviceName", "complianceState" }, MapIntuneDevice),
        new InventorySource("GoogleWorkspaceUsers", TargetKind.Account, new[] { "primaryEmail", "isEnrolledIn2Sv" }, MapGoogleUser),
    };

    /// <summary>Gets the source names, for messages and -Source.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>Recognises a record without a kind field; maps it and gives its kind, or null when it is no known source.</summary>
    public static TargetKind? Recognise(RecordMap fields)
    {
        if (fields.TryGetValue("AdditionalProperties", out object? extra) && extra is RecordMap additional)
        {
            foreach (KeyValuePair<string, object?> entry in additional)
            {
                if (!fields.ContainsKey(entry.Key))
                {
                    fields[entry.Key] = entry.Value;
                }
            }
        }

        foreach (InventorySource source in All)
        {
            if (source.Matches(fields))
            {
                source.Map(fields, fields);
                fields[SourceField] = source.Name;
                return source.Kind;
            }
        }

        return null;
    }

    private static void MapEntraRegistration(RecordMap from, RecordMap to)
    {
        string? upn = Text(from, "userPrincipalName");
        Copy(from, "id", to, "objectId");
        to["id"] = upn;
        to["email"] = upn;
        bool? admin = Bool(from, "isAdmin");
        string? userType = Text(from, "userType");
        to["type"] = admin == true ? "admin" : string.Equals(userType, "guest", StringComparison.OrdinalIgnoreCase) ? "guest" : "user";
        var mfa = new RecordMap();
        Copy(from, "isMfaRegistered", mfa, "enabled");
        Copy(from, "isMfaCapable", mfa, "capable");
        Copy(from, "isPasswordlessCapable", mfa, "passwordlessCapable");
        Copy(from, "userPreferredMethodForSecondaryAuthentication", mfa, "preferredMethod");
        if (from.TryGetValue("methodsRegistered", out object? methods) && methods is RecordList registered)
        {
            mfa["methods"] = new RecordList(registered.OfType<string>().Select(m => EntraMethods.TryGetValue(m, out string? mapped) ? mapped : m).Distinct(StringComparer.OrdinalIgnoreCase).Select(m => (object?)m));
        }

        to["mfa"] = mfa;
        var sspr = new RecordMap();
        Copy(from, "isSsprRegistered", sspr, "registered");
        Copy(from, "isSsprEnabled", sspr, "enabled");
        Copy(from, "isSsprCapable", sspr, "capable");
        to["sspr"] = sspr;
    }

    private static void MapIntuneDevice(RecordMap from, RecordMap to)
    {
        to["id"] = Text(from, "deviceName");
        Copy(from, "userPrincipalName", to, "owner");
        Copy(from, "operatingSystem", to, "os");
        Copy(from, "isEncrypted", to, "diskEncryption");
        Copy(from, "lastSyncDateTime", to, "lastSync");
        string? compliance = Text(from, "complianceState");
        to["compliant"] = compliance is null ? null : string.Equals(compliance, "compliant", StringComparison.OrdinalIgnoreCase);
        string? jailBroken = Text(from, "jailBroken");
        to["jailbroken"] = string.Equals(jailBroken, "True", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(jailBroken, "False", StringComparison.OrdinalIgnoreCase) ? false : null;
        Copy(from, "partnerReportedThreatState", to, "threatState");
        Copy(from, "managedDeviceOwnerType", to, "ownerType");
    }

    private static void MapGoogleUser(RecordMap from, RecordMap to)
    {
        string? email = Text(from, "primaryEmail");
        to["id"] = email;
        to["email"] = email;
        to["type"] = Bool(from, "isAdmin") == true || Bool(from, "isDelegatedAdmin") == true ? "admin" : "user";
        var mfa = new RecordMap();
        Copy(from, "isEnrolledIn2Sv", mfa, "enabled");
        Copy(from, "isEnforcedIn2Sv", mfa, "enforced");
        to["mfa"] = mfa;
        Copy(from, "lastLoginTime", to, "lastLogin");
    }

    private static void Copy(RecordMap from, string name, RecordMap to, string target)
    {
        if (from.TryGetValue(name, out object? value) && value is not null)
        {
            to[target] = value is string text && bool.TryParse(text, out bool flag) ? flag : value;
        }
    }

    private static string? Text(RecordMap fields, string name) =>
        fields.TryGetValue(name, out object? value) && value is not null ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static bool? Bool(RecordMap fields, string name) =>
        fields.TryGetValue(name, out object? value) && ValueCoercion.TryBool(value!, out bool flag) ? flag : null;
}
