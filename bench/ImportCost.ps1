<#
.SYNOPSIS
    Measures what Import-Module SecureMailOps adds to a bare `pwsh -NoProfile` start.

.DESCRIPTION
    Whole-process runs, interleaved (bare, with import, bare, ...) so machine noise hits both
    alike; reports the median of each and the difference. Target: at most 60 ms added.
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

# One warm-up each so the OS file cache is equally warm for both.
$null = Measure-Run 'exit 0'
$null = Measure-Run "Import-Module '$ModulePath' -ErrorAction Stop; exit 0"
$bare = [Collections.Generic.List[double]]::new()
$import = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Runs; $i++) {
    $bare.Add((Measure-Run 'exit 0'))
    $import.Add((Measure-Run "Import-Module '$ModulePath' -ErrorAction Stop; exit 0"))
}
$mBare = Get-Median $bare
$mImport = Get-Median $import
$result = [pscustomobject]@{
    Runs              = $Runs
    BareMedianMs      = [math]::Round($mBare, 1)
    ImportMedianMs    = [math]::Round($mImport, 1)
    ImportAddsMs      = [math]::Round($mImport - $mBare, 1)
    TargetMs          = 60
}
$result | Format-List | Out-Host
