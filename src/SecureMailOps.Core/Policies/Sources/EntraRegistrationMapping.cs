using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using SecureMailOps.Core.Policies.Evaluation;

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

    /// <summary>The fields of a Graph record that recognising and mapping it read (reader and skipping, see <see cref="InventorySource.Reads"/>).</summary>
    public static readonly string[] GraphReads =
    {
        "userPrincipalName", "isMfaRegistered", "id", "isAdmin", "userType", "isMfaCapable", "isPasswordlessCapable",
        "userPreferredMethodForSecondaryAuthentication", "methodsRegistered", "isSsprRegistered", "isSsprEnabled", "isSsprCapable", "lastUpdatedDateTime",
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
    private static readonly string[] AdminColumns = { "admin", "isadmin" };
    private static readonly string[] UserTypeColumns = { "usertype" };
    private static readonly string[] MfaRegisteredColumns = { "multifactorauthenticationregistered", "mfaregistered" };
    private static readonly string[] PasswordlessColumns = { "passwordlesscapable" };
    private static readonly string[] PreferredColumns = { "defaultmultifactorauthenticationmethod", "defaultmfamethod", "userpreferredmethodforsecondaryauthentication", "preferredmethod", "defaultmethod" };
    private static readonly string[] MethodColumns = { "methodsregistered", "methods" };
    private static readonly string[] SsprRegisteredColumns = { "ssprregistered", "selfservicepasswordresetregistered" };
    private static readonly string[] SsprEnabledColumns = { "ssprenabled", "selfservicepasswordresetenabled" };
    private static readonly string[] SsprCapableColumns = { "ssprcapable", "selfservicepasswordresetcapable" };
    private static readonly string[] UpdatedColumns = { "lastupdatedtime", "lastupdateddatetime", "lastupdated" };

    /// <summary>
    /// Every column (normalised: lowercase letters and digits) recognising and mapping a download row read: a
    /// JSON reader that skips fields keeps those whose normalised name is one of these (see
    /// <see cref="InventorySource.Reads"/>, null for this source).
    /// </summary>
    public static readonly string[] DownloadColumns = UpnColumns.Concat(MfaCapableColumns).Concat(AdminColumns).Concat(UserTypeColumns)
        .Concat(MfaRegisteredColumns).Concat(PasswordlessColumns).Concat(PreferredColumns).Concat(MethodColumns).Concat(SsprRegisteredColumns)
        .Concat(SsprEnabledColumns).Concat(SsprCapableColumns).Concat(UpdatedColumns).ToArray();

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
        // Records read from JSON share their names per shape: mapped once per shape, then by position.
        if (EntraGraphShape.TryMap(record))
        {
            return;
        }

        string? upn = SourceFields.Text(record, "userPrincipalName");
        SourceFields.Copy(record, "id", record, "objectId");
        record["id"] = upn;
        record["email"] = upn;
        record["type"] = TypeOf(SourceFields.Bool(record, "isAdmin"), SourceFields.Text(record, "userType"));
        var mfa = RecordMap.Shaped();
        SourceFields.Copy(record, "isMfaRegistered", mfa, "enabled");
        SourceFields.Copy(record, "isMfaCapable", mfa, "capable");
        SourceFields.Copy(record, "isPasswordlessCapable", mfa, "passwordlessCapable");
        SourceFields.Copy(record, "userPreferredMethodForSecondaryAuthentication", mfa, "preferredMethod");
        if (record.TryGetValue("methodsRegistered", out object? methods) && methods is RecordList registered)
        {
            mfa["methods"] = GraphMethodList(registered);
        }

        record["mfa"] = mfa;
        var sspr = RecordMap.Shaped();
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
        bool? admin = SourceFields.Word(SourceFields.Column(record, names, AdminColumns));
        record["type"] = TypeOf(admin, SourceFields.Column(record, names, UserTypeColumns));
        var mfa = RecordMap.Shaped();
        Put(mfa, "enabled", SourceFields.Word(SourceFields.Column(record, names, MfaRegisteredColumns)));
        Put(mfa, "capable", SourceFields.Word(SourceFields.Column(record, names, MfaCapableColumns)));
        Put(mfa, "passwordlessCapable", SourceFields.Word(SourceFields.Column(record, names, PasswordlessColumns)));
        string? preferred = SourceFields.Column(record, names, PreferredColumns);
        if (preferred is not null)
        {
            mfa["preferredMethod"] = DisplayMethod(preferred);
        }

        string? methods = SourceFields.Column(record, names, MethodColumns);
        if (methods is not null)
        {
            mfa["methods"] = Methods(methods.Split(MethodSeparators, StringSplitOptions.RemoveEmptyEntries).Select(m => m.Trim()).Where(m => m.Length > 0), DisplayMethod);
        }

        record["mfa"] = mfa;
        var sspr = RecordMap.Shaped();
        Put(sspr, "registered", SourceFields.Word(SourceFields.Column(record, names, SsprRegisteredColumns)));
        Put(sspr, "enabled", SourceFields.Word(SourceFields.Column(record, names, SsprEnabledColumns)));
        Put(sspr, "capable", SourceFields.Word(SourceFields.Column(record, names, SsprCapableColumns)));
        record["sspr"] = sspr;
        string? updated = SourceFields.Column(record, names, UpdatedColumns);
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

    /// <summary>Maps Graph's method names, each short name once: a loop, since every record has a list (no LINQ iterators per record).</summary>
    [MethodImpl(HotPath.Optimize)]
    internal static RecordList GraphMethodList(RecordList registered)
    {
        var methods = new RecordList { Capacity = registered.Count };
        foreach (object? item in registered)
        {
            if (item is not string name)
            {
                continue;
            }

            string mapped = GraphMethods.TryGetValue(name, out string? shortName) ? shortName : name;
            bool seen = false;
            foreach (object? existing in methods)
            {
                if (string.Equals((string)existing!, mapped, StringComparison.OrdinalIgnoreCase))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                methods.Add(mapped);
            }
        }

        return methods;
    }

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
