using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SecureMailOps.Core.Policies;
using SecureMailOps.Core.Reports;
using static SecureMailOps.Core.Tests.Policies.PolicyTestKit;

namespace SecureMailOps.Core.Tests.Reports;

/// <summary>Findings of the shipped baseline on inventories, and a scratch folder for report files.</summary>
internal sealed class ReportTestKit : IDisposable
{
    public static readonly DateTimeOffset GeneratedAt = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public ReportTestKit()
    {
        Folder = Path.Combine(Path.GetTempPath(), "smo-reports-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public static string ExampleInventory => Path.Combine(RepoRoot, "examples", "inventory.yaml");

    public static List<SecurityPolicy> Baseline() =>
        PolicyLoader.ExpandPaths(new[] { Path.Combine(RepoRoot, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();

    public static List<PolicyFinding> Evaluate(string inventory, bool waivers = true, DateTimeOffset? asOf = null)
    {
        List<PolicyWaiver> list = waivers
            ? PolicyLoader.LoadFile(Path.Combine(RepoRoot, "examples", "waivers.yaml")).SelectMany(p => p.Waivers).ToList()
            : new List<PolicyWaiver>();
        var evaluator = PolicyEvaluator.Compile(Baseline(), null, list, asOf ?? AsOf);
        var findings = new List<PolicyFinding>();
        using InventoryReader reader = InventoryReader.Open(inventory, null);
        foreach (InventoryRecord record in reader.ReadRecords(e => throw e))
        {
            evaluator.Evaluate(record, findings);
        }

        return findings;
    }

    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string PathOf(ReportFormat format) => Path.Combine(Folder, ReportFormats.DefaultFileName(format));

    public SecurityReportSummary Export(IEnumerable<PolicyFinding> findings, IEnumerable<ReportFormat> formats, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        options.Clock = () => GeneratedAt;
        using var exporter = new SecurityReportExporter(formats.Select(f => new ReportTarget(f, PathOf(f))).ToList(), options);
        foreach (PolicyFinding finding in findings)
        {
            exporter.Add(finding);
        }

        return exporter.Complete();
    }

    public static ReportFormat[] AllFormats => Enum.GetValues<ReportFormat>();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
