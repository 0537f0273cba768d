<#
.SYNOPSIS
    Where -ReportPath's time goes (issue 17): in one pwsh, the findings of N accounts x the shipped baseline
    are collected first, then each step is timed alone with a Stopwatch: evaluating, building the non-pass
    reasons, the exporter with no format (the summary alone) and with each format in turn, and of each the part
    Complete() took (the summary built, the files finished and moved into place). Each format's time
    includes the summary's; rounds after the first find the reasons already built. Needs the built module's
    engine (SecureMailOps.Core.dll beside it, in dependencies/).
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Accounts = 30000,
    [int] $Rounds = 3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$CoreDir = Join-Path (Split-Path (Resolve-Path $ModulePath).Path) 'dependencies'
$Repo = Split-Path $PSScriptRoot
# The engine and what it needs, loaded by path (some native-interop assemblies do not load here and are not needed).
Get-ChildItem $CoreDir -Filter *.dll | ForEach-Object { try { [void][Reflection.Assembly]::LoadFrom($_.FullName) } catch { Write-Verbose "not loaded: $($_.Exception.Message)" } }
$refs = @((Join-Path $CoreDir 'SecureMailOps.Core.dll'), 'System.Collections', 'System.Runtime', 'System.Linq', 'System.Console', 'System.IO', 'System.Diagnostics.Process', 'netstandard')
Add-Type -ReferencedAssemblies $refs -TypeDefinition @'
using System; using System.Collections.Generic; using System.Diagnostics; using System.IO; using System.Linq;
using SecureMailOps.Core.Policies; using SecureMailOps.Core.Reports;
public static class ReportWriterProfile {
  public static string Run(string repo, string inventory, string folder, int rounds) {
    var policies = PolicyLoader.ExpandPaths(new[] { Path.Combine(repo, "policies") }).SelectMany(PolicyLoader.LoadFile).ToList();
    var ev = PolicyEvaluator.Compile(policies, null, null, new DateTimeOffset(2026,6,1,0,0,0,TimeSpan.Zero));
    var findings = new List<PolicyFinding>();
    var sw = Stopwatch.StartNew();
    using (var reader = InventoryReader.Open(inventory, null)) foreach (var r in reader.ReadRecords(e => { throw e; })) ev.Evaluate(r, findings);
    var log = new System.Text.StringBuilder();
    log.AppendFormat("evaluate+collect {0:N2} s, {1} findings\n", sw.Elapsed.TotalSeconds, findings.Count);
    for (int round = 0; round < rounds; round++) {
      findings.Clear();
      sw.Restart();
      using (var reader = InventoryReader.Open(inventory, null)) foreach (var r in reader.ReadRecords(e => { throw e; })) ev.Evaluate(r, findings);
      log.AppendFormat("evaluate {0:N2} s; ", sw.Elapsed.TotalSeconds);
      sw.Restart(); long n = 0, k = 0; foreach (var f in findings) if (f.Outcome != FindingOutcome.Pass) { n += f.Reason.Length; k++; }
      log.AppendFormat("reasons {0:N2} s ({1} non-pass); ", sw.Elapsed.TotalSeconds, k);
      foreach (var fmt in new[] { "none", "JUnit", "Json", "Csv", "Sarif", "Html", "Markdown" }) {
        var targets = fmt == "none" ? new List<ReportTarget>() : new List<ReportTarget> { new ReportTarget((ReportFormat)Enum.Parse(typeof(ReportFormat), fmt), Path.Combine(folder, "r." + fmt)) };
        sw.Restart();
        double adding;
        using (var ex = new SecurityReportExporter(targets, new ReportOptions())) { foreach (var f in findings) ex.Add(f); adding = sw.Elapsed.TotalSeconds; ex.Complete(); }
        log.AppendFormat("{0} {1:N2} s (completing {2:N2} s); ", fmt, sw.Elapsed.TotalSeconds, sw.Elapsed.TotalSeconds - adding);
      }
      log.Append("\n");
    }
    return log.ToString();
  }
}
'@
$work = Join-Path ([IO.Path]::GetTempPath()) ('smo-pr-' + [guid]::NewGuid().ToString('N')); New-Item -ItemType Directory $work | Out-Null
$inventory = Join-Path $work 'a.jsonl'
Import-Module (Join-Path $PSScriptRoot 'BenchAccounts.psm1') -Force
New-BenchAccountInventory -Path $inventory -Accounts $Accounts
"{0:u} start: {1} accounts, load average (1/5/15 min) {2}" -f [DateTime]::UtcNow, $Accounts, (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ')
[ReportWriterProfile]::Run($Repo, $inventory, $work, $Rounds)
"{0:u} end: load average (1/5/15 min) {1}" -f [DateTime]::UtcNow, (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ')
Remove-Item -Recurse -Force $work
