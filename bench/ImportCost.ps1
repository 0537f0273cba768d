<#
.SYNOPSIS
    Measures what Import-Module SecureMailOps adds to a bare `pwsh -NoProfile` start.

.DESCRIPTION
    Whole-process runs, interleaved (bare, empty module, SecureMailOps, bare, ...) so machine noise
    hits all alike; reports the medians and the differences. The empty module (a manifest with no
    code) separates what any Import-Module costs in a fresh process (PowerShell compiling its module
    machinery on first use) from what SecureMailOps itself adds. Target: at most 60 ms added.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Runs = 15
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$exe, $pre = if (Test-Path $pwshDll) { 'dotnet', @($pwshDll) } else { (Get-Process -Id $PID).Path, @() }

$emptyDir = Join-Path ([IO.Path]::GetTempPath()) ('smo-empty-module-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $emptyDir | Out-Null
$emptyManifest = Join-Path $emptyDir 'Empty.psd1'
Set-Content $emptyManifest "@{ ModuleVersion = '1.0'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"

$cases = [ordered]@{
    Bare          = 'exit 0'
    EmptyModule   = "Import-Module '$emptyManifest' -ErrorAction Stop; exit 0"
    SecureMailOps = "Import-Module '$ModulePath' -ErrorAction Stop; exit 0"
}

function Measure-Run([string] $command) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $exe @pre -NoProfile -NonInteractive -Command $command | Out-Null
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "Run failed: $command" }
    return $sw.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $values) {
    $sorted = $values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][math]::Floor($n / 2)] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

try {
    # One warm-up each so the OS file cache is equally warm for all.
    foreach ($command in $cases.Values) { $null = Measure-Run $command }
    $times = @{}
    foreach ($name in $cases.Keys) { $times[$name] = [Collections.Generic.List[double]]::new() }
    for ($i = 0; $i -lt $Runs; $i++) {
        foreach ($name in $cases.Keys) { $times[$name].Add((Measure-Run $cases[$name])) }
    }
    $bare = Get-Median $times['Bare']
    $empty = Get-Median $times['EmptyModule']
    $ours = Get-Median $times['SecureMailOps']
    [pscustomobject]@{
        Runs                       = $Runs
        BareMedianMs               = [math]::Round($bare, 1)
        EmptyModuleMedianMs        = [math]::Round($empty, 1)
        SecureMailOpsMedianMs      = [math]::Round($ours, 1)
        AddedToBareMs              = [math]::Round($ours - $bare, 1)
        AnyImportModuleCostsMs     = [math]::Round($empty - $bare, 1)
        AddedBeyondEmptyModuleMs   = [math]::Round($ours - $empty, 1)
        TargetMs                   = 60
    } | Format-List | Out-Host
}
finally {
    Remove-Item -Recurse -Force $emptyDir -ErrorAction SilentlyContinue
}
