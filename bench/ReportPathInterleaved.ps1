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
Import-Module (Join-Path $PSScriptRoot 'BenchAccounts.psm1') -Force
New-BenchAccountInventory -Path $inventory -Accounts $Accounts
$asOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
"{0:u} start: {1} accounts, {2} pairs, {3} cores, load average (1/5/15 min) {4}" -f [DateTime]::UtcNow, $Accounts, $Pairs, [Environment]::ProcessorCount, (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ')
$null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary
$s = @(); $r = @(); $x = @(); $cs = @(); $cr = @()
# CPU time of this process (both threads) beside the wall time: under load it moves less, and CPU/wall near 2 means both cores were busy.
$me = [Diagnostics.Process]::GetCurrentProcess()
foreach ($p in 1..$Pairs) {
  $c0 = $me.TotalProcessorTime.TotalSeconds
  $s += (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary }).TotalSeconds
  $cs += $me.TotalProcessorTime.TotalSeconds - $c0
  $o = Join-Path $work "r$p"; New-Item -ItemType Directory $o | Out-Null
  $c0 = $me.TotalProcessorTime.TotalSeconds
  $r += (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -ReportPath $o }).TotalSeconds
  $cr += $me.TotalProcessorTime.TotalSeconds - $c0
  $sizes = (Get-ChildItem $o | ForEach-Object { '{0} {1:N0} MB' -f $_.Extension, ($_.Length / 1MB) }) -join ', '
  Remove-Item -Recurse -Force $o
  $x += ($r[-1] - $s[-1]) / $s[-1]
  if ($p -eq 1) { "sizes: $sizes" }
  "pair {0}: summary {1:N2} s (CPU {5:N2} s), reportpath {2:N2} s (CPU {6:N2} s), extra {3:N2}x (CPU extra {7:N2}x), load {4}" -f $p, $s[-1], $r[-1], (($r[-1] - $s[-1]) / $s[-1]), ((Get-Content /proc/loadavg) -split ' ')[0], $cs[-1], $cr[-1], (($cr[-1] - $cs[-1]) / $cs[-1])
}
$ms = ($s | Sort-Object)[[int][Math]::Floor(($s.Count - 1) / 2)]; $mr = ($r | Sort-Object)[[int][Math]::Floor(($r.Count - 1) / 2)]
$mx = ($x | Sort-Object)[[int][Math]::Floor(($x.Count - 1) / 2)]
$mcs = ($cs | Sort-Object)[[int][Math]::Floor(($cs.Count - 1) / 2)]; $mcr = ($cr | Sort-Object)[[int][Math]::Floor(($cr.Count - 1) / 2)]
"lower medians: summary {0:N2} s, reportpath {1:N2} s, extra {2:N2}x; lower median of the pairs' extra {3:N2}x (target: at most 1x)" -f $ms, $mr, (($mr - $ms) / $ms), $mx
"CPU lower medians: summary {0:N2} s, reportpath {1:N2} s, extra {2:N2}x" -f $mcs, $mcr, (($mcr - $mcs) / $mcs)
"{0:u} end: load average (1/5/15 min) {1}" -f [DateTime]::UtcNow, (((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ')
Remove-Item -Recurse -Force $work
