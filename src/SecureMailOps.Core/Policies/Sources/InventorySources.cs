using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using SecureMailOps.Core.Policies.Evaluation;

namespace SecureMailOps.Core.Policies.Sources;

/// <summary>
/// The inventory sources, as data: a record without a <c>kind</c> field is recognised as the first whose
/// shape it has (or is read as the one <c>-Source</c> names). PascalCase properties (as the Microsoft Graph
/// PowerShell SDK and ExchangeOnlineManagement give them) match too, since field names are case-insensitive,
/// and the SDK's <c>AdditionalProperties</c> are read as fields.
/// </summary>
public static class InventorySources
{
    /// <summary>The field each mapped record carries, naming its source (a list of names once merged).</summary>
    public const string SourceField = "inventorySource";

    // The native contract's fields (docs/inventory-fields.md) besides the ones sources carry: a rule reading
    // one of these on a record whose sources do not carry it is NotApplicable. Other fields (a source's own,
    // or a team's) are evaluated as they are.
    private static readonly string[] NativeFields =
    {
        "provider", "mfa.backupCodes", "password", "sharedCredentials", "delegates", "monitoring", "training", "backup",
        "lastPatched", "screenLock", "antivirus", "usedFor2fa",
        "account", "protocol", "host", "port", "tls", "authBeforeTls", "network",
    };

    private static readonly InventorySource[] Sources = Number(new[]
    {
        new InventorySource("EntraRegistration", TargetKind.Account, EntraRegistrationMapping.IsGraph, EntraRegistrationMapping.MapGraph, EntraRegistrationMapping.Carries, EntraRegistrationMapping.GraphReads),
        new InventorySource("IntuneDevices", TargetKind.Device, IntuneDeviceMapping.Matches, IntuneDeviceMapping.Map, IntuneDeviceMapping.Carries, IntuneDeviceMapping.Reads),
        new InventorySource("GoogleWorkspaceUsers", TargetKind.Account, GoogleUserMapping.Matches, GoogleUserMapping.Map, GoogleUserMapping.Carries, GoogleUserMapping.Reads),
        new InventorySource("ExchangeOnlineMailbox", TargetKind.Account, ExchangeOnlineMapping.IsMailbox, ExchangeOnlineMapping.MapMailbox, ExchangeOnlineMapping.MailboxCarries, ExchangeOnlineMapping.MailboxReads),
        new InventorySource("ExchangeOnlineTransportConfig", TargetKind.Account, ExchangeOnlineMapping.IsTransportConfig, ExchangeOnlineMapping.MapTransportConfig, ExchangeOnlineMapping.TransportCarries, ExchangeOnlineMapping.TransportReads)
        {
            IsOrganizationSetting = true,
        },

        // Last: recognising it normalises column names, which only records no other source matched pay for.
        new InventorySource("EntraRegistrationCsv", TargetKind.Account, EntraRegistrationMapping.IsDownload, EntraRegistrationMapping.MapDownload, EntraRegistrationMapping.Carries, null),
    });

    /// <summary>The fields every record is looked up by before a source is chosen (RecordFactory, <see cref="Recognise"/>).</summary>
    internal static readonly string[] CommonReads = { "kind", "id", "name", "email", AdditionalPropertiesField };

    private const string AdditionalPropertiesField = "AdditionalProperties";

    // The names the mappings look fields up by are the instances readers hand out (FieldNameTable), so
    // those look-ups compare references: registered before any file is opened (opening one names a source
    // or asks for one, which runs this).
    private static readonly int RegisteredNames = RegisterNames();

    private static readonly HashSet<string> KnownFields = new(
        NativeFields.Concat(Sources.SelectMany(s => s.Carries)), StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the source names, in the order they are tried (for -Source and messages).</summary>
    public static IReadOnlyList<string> Names { get; } = Sources.Select(s => s.Name).ToArray();

    /// <summary>Gets every source, in the order they are tried.</summary>
    internal static IReadOnlyList<InventorySource> All => Sources;

    /// <summary>Finds a source by name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The source, or null.</returns>
    internal static InventorySource? Find(string? name) =>
        name is null ? null : Array.Find(Sources, s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Pairs -Source names with -Path entries: none (every record recognised by its shape), one for all, or one
    /// per entry, in order. Names are checked.
    /// </summary>
    /// <param name="pathCount">The number of -Path entries.</param>
    /// <param name="sources">The -Source names, or null.</param>
    /// <returns>Per entry, the source name or null.</returns>
    /// <exception cref="Errors.SecureMailOpsException">A name is unknown, or there are several names and not one per entry.</exception>
    public static IReadOnlyList<string?> PairWithPaths(int pathCount, IReadOnlyList<string>? sources)
    {
        var paired = new string?[pathCount];
        if (sources is null || sources.Count == 0)
        {
            return paired;
        }

        foreach (string name in sources)
        {
            Require(name);
        }

        if (sources.Count != 1 && sources.Count != pathCount)
        {
            throw new Errors.SecureMailOpsException(PolicyErrorIds.InventorySource, Errors.FailureKind.InvalidArgument, string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                "-Source has {0} names for {1} -Path entries; give one -Source for all the files, or one per -Path entry in the same order.",
                sources.Count,
                pathCount), sources);
        }

        for (int i = 0; i < pathCount; i++)
        {
            paired[i] = sources.Count == 1 ? sources[0] : sources[i];
        }

        return paired;
    }

    /// <summary>Finds a source by name, or gives null for null.</summary>
    /// <exception cref="Errors.SecureMailOpsException">No source has the name.</exception>
    internal static InventorySource? Require(string? name) =>
        name is null ? null : Find(name) ?? throw new Errors.SecureMailOpsException(PolicyErrorIds.InventorySource, Errors.FailureKind.InvalidArgument,
            "The inventory source '" + name + "' is not one of " + string.Join(", ", Names) + ".", name);

    /// <summary>
    /// Recognises a record without a kind field (or reads it as <paramref name="forced"/>): maps it and gives
    /// its source, or null when it is no known source.
    /// </summary>
    [MethodImpl(HotPath.Optimize)]
    internal static InventorySource? Recognise(RecordMap fields, InventorySource? forced)
    {
        if (fields.TryGetValue(AdditionalPropertiesField, out object? extra) && extra is RecordMap additional)
        {
            foreach (KeyValuePair<string, object?> entry in additional)
            {
                if (!fields.ContainsKey(entry.Key))
                {
                    fields[entry.Key] = entry.Value;
                }
            }
        }

        InventorySource? source = forced ?? Array.Find(Sources, s => s.Matches(fields));
        if (source is not null)
        {
            source.Map(fields);
            fields[SourceField] = source.Name;
        }

        return source;
    }

    /// <summary>Gives the sources of a mask, in order.</summary>
    internal static IEnumerable<InventorySource> InMask(int mask) => Sources.Where(s => (mask & (1 << s.Bit)) != 0);

    /// <summary>
    /// Says why a field cannot be read on records of the sources in <paramref name="mask"/> ("EntraRegistration
    /// does not carry password.length"), or gives null when one of them carries it or it is no contract field.
    /// </summary>
    internal static string? NotCarried(string path, int mask)
    {
        if (mask == 0 || !IsKnown(path))
        {
            return null;
        }

        var sources = InMask(mask).ToList();
        if (sources.Any(s => s.CarriesField(path)))
        {
            return null;
        }

        return sources.Count == 1
            ? sources[0].Name + " does not carry " + path
            : string.Join(" and ", sources.Select(s => s.Name)) + " do not carry " + path;
    }

    private static bool IsKnown(string path) =>
        KnownFields.Contains(path) || KnownFields.Any(k => InventorySource.IsInside(path, k) || InventorySource.IsInside(k, path));

    private static int RegisterNames()
    {
        int count = 0;
        foreach (string name in CommonReads.Concat(Sources.SelectMany(s => s.Reads ?? Array.Empty<string>())))
        {
            FieldNameTable.Register(name);
            count++;
        }

        return count;
    }

    private static InventorySource[] Number(InventorySource[] sources)
    {
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i].Bit = i;
        }

        return sources;
    }
}
