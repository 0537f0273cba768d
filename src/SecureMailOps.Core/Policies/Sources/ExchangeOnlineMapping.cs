namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// Maps Exchange Online's <c>Get-CASMailbox</c> objects (and their CSV/JSON export) to the account's <c>mail</c>
/// fields, and <c>Get-TransportConfig</c> to the organisation-wide SMTP AUTH setting that a mailbox whose
/// <c>SmtpClientAuthenticationDisabled</c> is null inherits (the inheritance is applied when the two are merged,
/// <see cref="InventoryMerger"/>).
/// </summary>
internal static class ExchangeOnlineMapping
{
    public const string MailboxScope = "mailbox";
    public const string OrganizationScope = "organization";

    public static readonly string[] MailboxCarries =
    {
        "id", "email", "mail.smtpAuthEnabled", "mail.smtpAuthScope", "mail.popEnabled", "mail.imapEnabled", "mail.activeSyncEnabled",
        "mail.mapiEnabled", "mail.owaEnabled", "mail.ewsEnabled",
    };

    public static readonly string[] TransportCarries = { "mail.smtpAuthEnabled", "mail.smtpAuthScope" };

    /// <summary>The fields recognising and mapping a Get-CASMailbox object read (see <see cref="InventorySource.Reads"/>).</summary>
    public static readonly string[] MailboxReads =
    {
        "PrimarySmtpAddress", "PopEnabled", "ImapEnabled", "UserPrincipalName", "SmtpClientAuthenticationDisabled", "ActiveSyncEnabled",
        "MAPIEnabled", "OWAEnabled", "EwsEnabled",
    };

    /// <summary>The fields recognising and mapping Get-TransportConfig read.</summary>
    public static readonly string[] TransportReads = { "SmtpClientAuthenticationDisabled", "PrimarySmtpAddress", "Identity" };

    public static bool IsMailbox(RecordMap fields) =>
        fields.ContainsKey("PrimarySmtpAddress") && fields.ContainsKey("PopEnabled") && fields.ContainsKey("ImapEnabled");

    public static bool IsTransportConfig(RecordMap fields) =>
        fields.ContainsKey("SmtpClientAuthenticationDisabled") && !fields.ContainsKey("PrimarySmtpAddress");

    public static void MapMailbox(RecordMap record)
    {
        string? email = SourceFields.Text(record, "PrimarySmtpAddress");
        string? upn = SourceFields.Text(record, "UserPrincipalName");
        record["id"] = string.IsNullOrEmpty(upn) ? email : upn;
        record["email"] = email;
        var mail = RecordMap.Shaped();
        bool? disabled = SourceFields.Bool(record, "SmtpClientAuthenticationDisabled");
        if (disabled is not null)
        {
            mail["smtpAuthEnabled"] = !disabled.Value;
            mail["smtpAuthScope"] = MailboxScope;
        }
        else
        {
            // $null: the mailbox follows Get-TransportConfig; the value comes when that is merged in.
            mail["smtpAuthScope"] = OrganizationScope;
        }

        SourceFields.CopyBool(record, "PopEnabled", mail, "popEnabled");
        SourceFields.CopyBool(record, "ImapEnabled", mail, "imapEnabled");
        SourceFields.CopyBool(record, "ActiveSyncEnabled", mail, "activeSyncEnabled");
        SourceFields.CopyBool(record, "MAPIEnabled", mail, "mapiEnabled");
        SourceFields.CopyBool(record, "OWAEnabled", mail, "owaEnabled");
        SourceFields.CopyBool(record, "EwsEnabled", mail, "ewsEnabled");
        record["mail"] = mail;
    }

    public static void MapTransportConfig(RecordMap record)
    {
        string? identity = SourceFields.Text(record, "Identity");
        record["id"] = string.IsNullOrEmpty(identity) ? "TransportConfig" : identity;
        var mail = RecordMap.Shaped();
        bool? disabled = SourceFields.Bool(record, "SmtpClientAuthenticationDisabled");
        if (disabled is not null)
        {
            mail["smtpAuthEnabled"] = !disabled.Value;
        }

        mail["smtpAuthScope"] = OrganizationScope;
        record["mail"] = mail;
    }
}
