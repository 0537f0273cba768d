<#
.SYNOPSIS
    Fuzzes the policy loader, the inventory readers and the condition compiler with afl++ (SharpFuzz), time-boxed.

.DESCRIPTION
    Builds tests/SecureMailOps.Fuzz, instruments SecureMailOps.Core.dll and YamlDotNet.dll with the
    SharpFuzz command-line tool (installed into out/tools), seeds each target from the repository's own
    policies and inventories, and runs afl-fuzz (Debian package afl++) on each target for -Seconds.
    Then it replays every crash afl++ kept with an uninstrumented build, and prints a table: target, time, executions,
    paths found, crashes, hangs. Crashing inputs are copied to out/fuzz/crashes/<target>/; each one
    is to become a regression test. Not part of CI: it is for a developer's machine.
#>
param(
    [Parameter(Mandatory)][string] $Root,
    [string[]] $Target = @('policy-yaml', 'inventory-yaml', 'inventory-json', 'inventory-jsonl', 'inventory-csv', 'condition'),
    [int] $Seconds = 120
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$afl = Get-Command afl-fuzz -ErrorAction SilentlyContinue
if (-not $afl) { throw 'afl-fuzz is not installed: apt-get install afl++' }
$out = Join-Path $Root 'out' 'fuzz'
$bin = Join-Path $out 'bin'
$replay = Join-Path $out 'replay'
$tools = Join-Path $Root 'out' 'tools'

Write-Host '==> Building the fuzz harness'
& dotnet publish (Join-Path $Root 'tests' 'SecureMailOps.Fuzz' 'SecureMailOps.Fuzz.csproj') -c Release -o $bin -v q -nologo
if ($LASTEXITCODE -ne 0) { throw 'Building the fuzz harness failed.' }
# An uninstrumented copy replays crashes: instrumented code run outside afl-fuzz has no coverage map
# to write to and dies with an AccessViolationException that says nothing about the input.
& dotnet publish (Join-Path $Root 'tests' 'SecureMailOps.Fuzz' 'SecureMailOps.Fuzz.csproj') -c Release -o $replay -v q -nologo
if ($LASTEXITCODE -ne 0) { throw 'Building the replay harness failed.' }

$sharpfuzz = Join-Path $tools 'sharpfuzz'
if (-not (Test-Path $sharpfuzz)) {
    Write-Host '==> Installing SharpFuzz.CommandLine 2.3.0 into out/tools'
    & dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path $tools
    if ($LASTEXITCODE -ne 0) { throw 'Installing SharpFuzz.CommandLine failed.' }
}
foreach ($assembly in 'SecureMailOps.Core.dll', 'YamlDotNet.dll') {
    Write-Host "==> Instrumenting $assembly"
    & $sharpfuzz (Join-Path $bin $assembly)
    if ($LASTEXITCODE -ne 0) { throw "Instrumenting $assembly failed." }
}

function Write-Seed([string] $dir, [string] $name, [string] $text) {
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    [IO.File]::WriteAllText((Join-Path $dir $name), $text)
}
$seeds = @{
    'policy-yaml'     = @(Get-ChildItem (Join-Path $Root 'policies') -Filter '*.yaml') + @(Get-Item (Join-Path $Root 'examples' 'waivers.yaml'))
    'inventory-yaml'  = @(Get-Item (Join-Path $Root 'examples' 'inventory.yaml'))
}

$env:AFL_SKIP_BIN_CHECK = '1'
$env:AFL_NO_UI = '1'
$env:AFL_SKIP_CPUFREQ = '1'
$env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
$env:AFL_NO_AFFINITY = '1'
$harness = Join-Path $bin 'SecureMailOps.Fuzz.dll'
$rows = @()
foreach ($name in $Target) {
    $in = Join-Path $out $name 'in'
    $findings = Join-Path $out $name 'findings'
    if (Test-Path (Join-Path $out $name)) { Remove-Item -Recurse -Force (Join-Path $out $name) }
    New-Item -ItemType Directory -Force -Path $in | Out-Null
    if ($seeds.ContainsKey($name)) { foreach ($file in $seeds[$name]) { Copy-Item $file.FullName $in } }
    switch ($name) {
        'inventory-json' { Write-Seed $in 'grouped.json' '{ "accounts": [ { "id": "a", "mfa": { "enabled": true, "methods": ["totp"] } } ], "devices": [ { "id": "d", "n": 1.5e3 } ] }'; Write-Seed $in 'list.json' '[{"kind":"Account","id":"x","roles":[]}]' }
        'inventory-jsonl' { Write-Seed $in 'lines.jsonl' "{`"kind`":`"Account`",`"id`":`"a`",`"m`":[1,{`"x`":null}]}`n{`"kind`":`"Device`",`"id`":`"d`"}`n" }
        'inventory-csv' { Write-Seed $in 'rows.csv' "kind,id,mfa.enabled,mfa.methods[],note`nAccount,a@example.com,true,totp;sms,`"a, `"`"quoted`"`"`"`nDevice,d1,,,`n" }
        'condition' {
            Write-Seed $in 'group.txt' '{ allOf: [ { field: a, greater: { param: p } }, { field: c, count: { less: 3 } }, { not: { field: m, match: ''^a+!$'' } } ] }'
            Write-Seed $in 'age.txt' '{ anyOf: [ { field: d.e, olderThan: 30d }, { field: b, in: { param: l } } ] }'
        }
    }

    Write-Host "==> afl-fuzz $name for $Seconds s"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    & afl-fuzz -i $in -o $findings -t 5000 -m none -V $Seconds -- dotnet $harness $name | Out-File (Join-Path $out "$name.log")
    $clock.Stop()
    $stats = Join-Path $findings 'default' 'fuzzer_stats'
    $values = @{}
    if (Test-Path $stats) {
        foreach ($line in Get-Content $stats) { $k, $v = $line -split '\s*:\s*', 2; $values[$k] = $v }
    }
    $crashes = @(Get-ChildItem (Join-Path $findings 'default' 'crashes') -File -ErrorAction SilentlyContinue | Where-Object Name -NE 'README.txt')
    $hangs = @(Get-ChildItem (Join-Path $findings 'default' 'hangs') -File -ErrorAction SilentlyContinue)
    if ($crashes.Count -gt 0) {
        $keep = Join-Path $out 'crashes' $name
        New-Item -ItemType Directory -Force -Path $keep | Out-Null
        foreach ($crash in $crashes) {
            Copy-Item $crash.FullName $keep
            Write-Host "--- crash $($crash.Name):"
            & dotnet (Join-Path $replay 'SecureMailOps.Fuzz.dll') $name $crash.FullName 2>&1 | Select-Object -First 8 | Out-Host
        }
    }
    $rows += [pscustomobject]@{
        Target     = $name
        Seconds    = [math]::Round($clock.Elapsed.TotalSeconds)
        Executions = $values['execs_done']
        Paths      = $values['corpus_count']
        Crashes    = $crashes.Count
        Hangs      = $hangs.Count
    }
}

Write-Host ''
Write-Host '| Target | Seconds | Executions | Corpus | Crashes | Hangs |'
Write-Host '|---|---|---|---|---|---|'
foreach ($row in $rows) { Write-Host ('| {0} | {1} | {2} | {3} | {4} | {5} |' -f $row.Target, $row.Seconds, $row.Executions, $row.Paths, $row.Crashes, $row.Hangs) }
if (($rows | Measure-Object Crashes -Sum).Sum -gt 0) { Write-Host "Crashing inputs: $(Join-Path $out 'crashes')" }
