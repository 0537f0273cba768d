using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// Maps Entra ID user registration details: Microsoft Graph <c>userRegistrationDetails</c> records (JSON,
/// or the Microsoft Graph PowerShell SDK's objects) and the Entra admin center's "User registration
/// details" CSV download, which writes words ("Capable", "Not Registered", "Yes") and method display names.
/// </summary>
internal static class EntraRegistrationMapping
{
    /// <summary>The contract fields both forms carry. Registration details hold no enabled flag, so no <c>status</c>.</summary>
    public static readonly string[] Carries =
    {
        "id", "email", "type", "objectId", "mfa.enabled", "mfa.capable", "mfa.passwordlessCapable", "mfa.preferredMethod", "mfa.methods",
        "sspr.registered", "sspr.enabled", "sspr.capable", "lastUpdated",
    };

    // Graph's methodsRegistered values (userRegistrationDetails resource type) to the contract's short names.
    private static readonly Dictionary<string, string> GraphMethods = new(StringComparer.OrdinalIgnoreCase)
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
        ["platformCredential"] = "platformKey",
        ["mobilePhone"] = "sms",
        ["alternateMobilePhone"] = "sms",
        ["officePhone"] = "voice",
        ["email"] = "email",
        ["temporaryAccessPass"] = "temporaryAccessPass",
        ["securityQuestion"] = "securityQuestion",
        ["x509Certificate"] = "certificate",
        ["certificateBasedAuthentication"] = "certificate",
    };

    // The admin center's display names (normalised: lowercase letters and digits) to the short names.
    private static readonly Dictionary<string, string> DisplayMethods = new(StringComparer.Ordinal)
    {
        ["microsoftauthenticatorapp"] = "push",
        ["microsoftauthenticator"] = "push",
        ["microsoftauthenticatorpush"] = "push",
        ["microsoftauthenticatorpasswordless"] = "push",
        ["microsoftauthenticatorpasswordlessphonesignin"] = "push",
        ["softwareoathtoken"] = "totp",
        ["softwareonetimepasscode"] = "totp",
        ["hardwareoathtoken"] = "hardware",
        ["hardwareonetimepasscode"] = "hardware",
        ["fido2securitykey"] = "fido2",
        ["windowshelloforbusiness"] = "windowsHello",
        ["macosplatformcredential"] = "platformKey",
        ["macossecureenclavekey"] = "platformKey",
        ["mobilephone"] = "sms",
        ["alternatemobilephone"] = "sms",
        ["sms"] = "sms",
        ["officephone"] = "voice",
        ["voicecall"] = "voice",
        ["email"] = "email",
        ["temporaryaccesspass"] = "temporaryAccessPass",
        ["securityquestions"] = "securityQuestion",
        ["securityquestion"] = "securityQuestion",
        ["certificatebasedauthentication"] = "certificate",
        ["certificate"] = "certificate",
    };

    private static readonly char[] MethodSeparators = { ',', ';' };

    private static readonly string[] UpnColumns = { "userprincipalname", "upn" };
    private static readonly string[] MfaCapableColumns = { "multifactorauthenticationcapable", "mfacapable", "multifactorauthenticationmfacapable" };

    /// <summary>Tells whether a record is a Graph userRegistrationDetails record.</summary>
    public static bool IsGraph(RecordMap fields) => fields.ContainsKey("userPrincipalName") && fields.ContainsKey("isMfaRegistered");

    /// <summary>Tells whether a record is a row of the admin center's download (its column names, in any spelling).</summary>
    public static bool IsDownload(RecordMap fields)
    {
        Dictionary<string, string> names = SourceFields.NormalizedNames(fields);
        return SourceFields.HasColumn(names, UpnColumns) && SourceFields.HasColumn(names, MfaCapableColumns);
    }

    public static void MapGraph(RecordMap record)
    {
        string? upn = SourceFields.Text(record, "userPrincipalName");
        SourceFields.Copy(record, "id", record, "objectId");
        record["id"] = upn;
        record["email"] = upn;
        record["type"] = TypeOf(SourceFields.Bool(record, "isAdmin"), SourceFields.Text(record, "userType"));
        var mfa = new RecordMap();
        SourceFields.Copy(record, "isMfaRegistered", mfa, "enabled");
        SourceFields.Copy(record, "isMfaCapable", mfa, "capable");
        SourceFields.Copy(record, "isPasswordlessCapable", mfa, "passwordlessCapable");
        SourceFields.Copy(record, "userPreferredMethodForSecondaryAuthentication", mfa, "preferredMethod");
        if (record.TryGetValue("methodsRegistered", out object? methods) && methods is RecordList registered)
        {
            mfa["methods"] = Methods(registered.OfType<string>(), m => GraphMethods.TryGetValue(m, out string? mapped) ? mapped : m);
        }

        record["mfa"] = mfa;
        var sspr = new RecordMap();
        SourceFields.Copy(record, "isSsprRegistered", sspr, "registered");
        SourceFields.Copy(record, "isSsprEnabled", sspr, "enabled");
        SourceFields.Copy(record, "isSsprCapable", sspr, "capable");
        record["sspr"] = sspr;
        SourceFields.Copy(record, "lastUpdatedDateTime", record, "lastUpdated");
    }

    public static void MapDownload(RecordMap record)
    {
        Dictionary<string, string> names = SourceFields.NormalizedNames(record);
        string? upn = SourceFields.Column(record, names, UpnColumns);
        record["id"] = upn;
        record["email"] = upn;
        bool? admin = SourceFields.Word(SourceFields.Column(record, names, "admin", "isadmin"));
        record["type"] = TypeOf(admin, SourceFields.Column(record, names, "usertype"));
        var mfa = new RecordMap();
        Put(mfa, "enabled", SourceFields.Word(SourceFields.Column(record, names, "multifactorauthenticationregistered", "mfaregistered")));
        Put(mfa, "capable", SourceFields.Word(SourceFields.Column(record, names, MfaCapableColumns)));
        Put(mfa, "passwordlessCapable", SourceFields.Word(SourceFields.Column(record, names, "passwordlesscapable")));
        string? preferred = SourceFields.Column(record, names, "defaultmultifactorauthenticationmethod", "defaultmfamethod", "userpreferredmethodforsecondaryauthentication", "preferredmethod", "defaultmethod");
        if (preferred is not null)
        {
            mfa["preferredMethod"] = DisplayMethod(preferred);
        }

        string? methods = SourceFields.Column(record, names, "methodsregistered", "methods");
        if (methods is not null)
        {
            mfa["methods"] = Methods(methods.Split(MethodSeparators, StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim()).Where(m => m.Length > 0), DisplayMethod);
        }

        record["mfa"] = mfa;
        var sspr = new RecordMap();
        Put(sspr, "registered", SourceFields.Word(SourceFields.Column(record, names, "ssprregistered", "selfservicepasswordresetregistered")));
        Put(sspr, "enabled", SourceFields.Word(SourceFields.Column(record, names, "ssprenabled", "selfservicepasswordresetenabled")));
        Put(sspr, "capable", SourceFields.Word(SourceFields.Column(record, names, "ssprcapable", "selfservicepasswordresetcapable")));
        record["sspr"] = sspr;
        string? updated = SourceFields.Column(record, names, "lastupdatedtime", "lastupdateddatetime", "lastupdated");
        if (updated is not null)
        {
            record["lastUpdated"] = updated;
        }
    }

    /// <summary>Maps a method's display name: "Passkey (...)" of any kind is fido2; unknown names are kept as written.</summary>
    internal static string DisplayMethod(string name)
    {
        string key = SourceFields.Normalize(name);
        if (DisplayMethods.TryGetValue(key, out string? mapped))
        {
            return mapped;
        }

        if (key.StartsWith("passkey", StringComparison.Ordinal))
        {
            return "fido2";
        }

        return GraphMethods.TryGetValue(name, out string? graph) ? graph : name;
    }

    private static string TypeOf(bool? admin, string? userType) =>
        admin == true ? "admin" : string.Equals(userType, "guest", StringComparison.OrdinalIgnoreCase) ? "guest" : "user";

    private static RecordList Methods(IEnumerable<string> methods, Func<string, string> map) =>
        new(methods.Select(map).Distinct(StringComparer.OrdinalIgnoreCase).Select(m => (object?)m));

    private static void Put(RecordMap map, string name, bool? value)
    {
        if (value is not null)
        {
            map[name] = value.Value;
        }
    }
}
