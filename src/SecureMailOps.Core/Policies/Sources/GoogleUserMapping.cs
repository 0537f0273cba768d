namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// Maps Admin SDK Directory API <c>users</c> records (JSON pages) and GAM's <c>print users</c> CSV (the same
/// column names, "True"/"False" cells) to the account contract.
/// </summary>
internal static class GoogleUserMapping
{
    public static readonly string[] Carries = { "id", "email", "type", "status", "mfa.enabled", "mfa.enforced", "lastLogin" };

    /// <summary>The fields recognising and mapping a Directory API user read (see <see cref="InventorySource.Reads"/>).</summary>
    public static readonly string[] Reads =
    {
        "primaryEmail", "isEnrolledIn2Sv", "id", "isAdmin", "isDelegatedAdmin", "suspended", "archived", "isEnforcedIn2Sv", "lastLoginTime",
    };

    public static bool Matches(RecordMap fields) => fields.ContainsKey("primaryEmail") && fields.ContainsKey("isEnrolledIn2Sv");

    public static void Map(RecordMap record)
    {
        string? email = SourceFields.Text(record, "primaryEmail");
        SourceFields.Copy(record, "id", record, "googleId");
        record["id"] = email;
        record["email"] = email;
        record["type"] = SourceFields.Bool(record, "isAdmin") == true || SourceFields.Bool(record, "isDelegatedAdmin") == true ? "admin" : "user";
        record["status"] = SourceFields.Bool(record, "suspended") == true ? "suspended" : SourceFields.Bool(record, "archived") == true ? "archived" : "enabled";
        var mfa = RecordMap.Shaped();
        SourceFields.CopyBool(record, "isEnrolledIn2Sv", mfa, "enabled");
        SourceFields.CopyBool(record, "isEnforcedIn2Sv", mfa, "enforced");
        record["mfa"] = mfa;
        SourceFields.Copy(record, "lastLoginTime", record, "lastLogin");
    }
}
