using System;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>Maps Microsoft Graph <c>managedDevice</c> records (Intune) and the SDK's objects to the device contract.</summary>
internal static class IntuneDeviceMapping
{
    public static readonly string[] Carries =
    {
        "id", "owner", "os", "osVersion", "diskEncryption", "compliant", "complianceState", "jailbroken", "lastSync", "threatState", "ownerType",
    };

    /// <summary>The fields recognising and mapping a managedDevice read (see <see cref="InventorySource.Reads"/>).</summary>
    public static readonly string[] Reads =
    {
        "deviceName", "complianceState", "id", "userPrincipalName", "operatingSystem", "osVersion", "isEncrypted", "lastSyncDateTime", "jailBroken",
        "partnerReportedThreatState", "managedDeviceOwnerType",
    };

    public static bool Matches(RecordMap fields) => fields.ContainsKey("deviceName") && fields.ContainsKey("complianceState");

    public static void Map(RecordMap record)
    {
        SourceFields.Copy(record, "id", record, "deviceId");
        record["id"] = SourceFields.Text(record, "deviceName");
        SourceFields.Copy(record, "userPrincipalName", record, "owner");
        SourceFields.Copy(record, "operatingSystem", record, "os");
        SourceFields.Copy(record, "isEncrypted", record, "diskEncryption");
        SourceFields.Copy(record, "lastSyncDateTime", record, "lastSync");
        string? compliance = SourceFields.Text(record, "complianceState");
        record["compliant"] = compliance is null ? null : string.Equals(compliance, "compliant", StringComparison.OrdinalIgnoreCase);
        string? jailBroken = SourceFields.Text(record, "jailBroken");
        record["jailbroken"] = string.Equals(jailBroken, "True", StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(jailBroken, "False", StringComparison.OrdinalIgnoreCase) ? false : null;
        SourceFields.Copy(record, "partnerReportedThreatState", record, "threatState");
        SourceFields.Copy(record, "managedDeviceOwnerType", record, "ownerType");
    }
}
