using System;
using System.Globalization;
using SecureMailOps.Core.Policies;

namespace SecureMailOps.Benchmarks.Policies;

/// <summary>
/// The 16 account rules of the baseline written by hand as C# predicates over the same records (same
/// defaults, same missing-field and text-coercion behaviour), giving one outcome per rule and record.
/// This is the yardstick the compiled engine is measured against.
/// </summary>
internal static class HandWrittenBaseline
{
    public const int RuleCount = 16;

    public static void Evaluate(RecordMap r, FindingOutcome[] outcomes, DateTimeOffset asOf)
    {
        bool mfaOn = Bool(Get(r, "mfa", "enabled")) == true;
        RecordList? methods = Get(r, "mfa", "methods") as RecordList;
        string? type = Get(r, "type") as string;
        bool person = type is "user" or "admin";

        outcomes[0] = Pass(mfaOn);
        outcomes[1] = !mfaOn ? FindingOutcome.NotApplicable : Pass(methods is { Count: >= 1 });
        outcomes[2] = !mfaOn ? FindingOutcome.NotApplicable : Pass(Has(methods, "totp") || Has(methods, "push") || Has(methods, "fido2") || Has(methods, "hardware"));
        outcomes[3] = !mfaOn ? FindingOutcome.NotApplicable : Pass(Bool(Get(r, "mfa", "backupCodes", "generated")) == true && Bool(Get(r, "mfa", "backupCodes", "storedSecurely")) == true);
        outcomes[4] = Number(Get(r, "password", "length")) is double length ? Pass(length >= 12) : FindingOutcome.Fail;
        outcomes[5] = Pass(Bool(Get(r, "password", "reused")) == false);
        outcomes[6] = Pass(Bool(Get(r, "password", "breached")) == false);
        outcomes[7] = FindingOutcome.NotApplicable; // rotation is off by default (maxPasswordAgeDays = 0)
        outcomes[8] = Pass(Bool(Get(r, "sharedCredentials")) == false);
        outcomes[9] = !person ? FindingOutcome.NotApplicable : Pass(Within(Get(r, "training", "lastCompleted"), asOf, 365));
        outcomes[10] = Pass(Bool(Get(r, "monitoring", "alertsEnabled")) == true);
        outcomes[11] = Pass(Within(Get(r, "monitoring", "lastReviewed"), asOf, 90));
        outcomes[12] = Pass(Within(Get(r, "backup", "lastBackup"), asOf, 7));
        outcomes[13] = Pass((Get(r, "delegates") as RecordList)?.Count <= 2 || Get(r, "delegates") is null);
        outcomes[14] = type != "admin" ? FindingOutcome.NotApplicable : Pass(Has(methods, "fido2") || Has(methods, "hardware") || methods is { Count: >= 2 });
        outcomes[15] = !person ? FindingOutcome.NotApplicable : Pass(Bool(Get(r, "training", "incidentReportingKnown")) == true);
    }

    private static FindingOutcome Pass(bool value) => value ? FindingOutcome.Pass : FindingOutcome.Fail;

    private static object? Get(RecordMap r, string a) => r.TryGetValue(a, out object? v) ? v : null;

    private static object? Get(RecordMap r, string a, string b) => Get(r, a) is RecordMap m && m.TryGetValue(b, out object? v) ? v : null;

    private static object? Get(RecordMap r, string a, string b, string c) => Get(r, a, b) is RecordMap m && m.TryGetValue(c, out object? v) ? v : null;

    private static bool? Bool(object? value) => value switch
    {
        bool b => b,
        string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };

    private static double? Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => null,
    };

    private static bool Has(RecordList? list, string item)
    {
        if (list is null)
        {
            return false;
        }

        foreach (object? value in list)
        {
            if (value is string s && s.Equals(item, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Within(object? value, DateTimeOffset asOf, int days) =>
        value is string s
        && DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date)
        && asOf - date <= TimeSpan.FromDays(days);
}
