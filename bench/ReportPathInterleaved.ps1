<#
.SYNOPSIS
    Issue 17's 1x target measured against noise: -Summary (the evaluation alone) and -ReportPath (the
    evaluation writing all six formats) interleaved in one pwsh, N pairs over the same N accounts x the
    shipped baseline, each pair's ratio and the ratio of the lower medians. On a shared machine the load
    swings within seconds; interleaving puts both sides of each pair under about the same load.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Accounts = 100000,
    [int] $Pairs = 4
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path -Force
$work = Join-Path ([IO.Path]::GetTempPath()) ('smo-ab-' + [guid]::NewGuid().ToString('N')); New-Item -ItemType Directory $work | Out-Null
$inventory = Join-Path $work 'a.jsonl'
$w = [IO.StreamWriter]::new($inventory)
for ($i = 0; $i -lt $Accounts; $i++) {
  $mfa = if ($i % 3 -eq 0) { 'false' } else { 'true' }
  $w.WriteLine('{"kind":"Account","id":"user' + $i + '@example.com","type":"user","mfa":{"enabled":' + $mfa + ',"methods":["totp"],"backupCodes":{"generated":true,"storedSecurely":' + $mfa + '}},"password":{"lastChanged":"2026-01-01","length":' + (8 + $i % 12) + ',"reused":false,"breached":false},"sharedCredentials":false,"delegates":[],"monitoring":{"alertsEnabled":true,"lastReviewed":"2026-05-01"},"training":{"lastCompleted":"2026-01-01","incidentReportingKnown":true},"backup":{"lastBackup":"2026-05-30"}}')
}
$w.Dispose()
$asOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
$null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary
$s = @(); $r = @()
foreach ($p in 1..$Pairs) {
  $s += (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary }).TotalSeconds
  $o = Join-Path $work "r$p"; New-Item -ItemType Directory $o | Out-Null
  $r += (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -ReportPath $o }).TotalSeconds
  Remove-Item -Recurse -Force $o
  "pair {0}: summary {1:N2} s, reportpath {2:N2} s, extra {3:N2}x, load {4}" -f $p, $s[-1], $r[-1], (($r[-1] - $s[-1]) / $s[-1]), ((Get-Content /proc/loadavg) -split ' ')[0]
}
$ms = ($s | Sort-Object)[[int][Math]::Floor(($s.Count - 1) / 2)]; $mr = ($r | Sort-Object)[[int][Math]::Floor(($r.Count - 1) / 2)]
"lower medians: summary {0:N2} s, reportpath {1:N2} s, extra {2:N2}x" -f $ms, $mr, (($mr - $ms) / $ms)
Remove-Item -Recurse -Force $work
