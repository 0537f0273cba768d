<#
.SYNOPSIS
    Stateful verification throughput (single use enforced) next to this machine's floor for one
    durable commit: the engine from 1, 4 and 16 threads (bench/SecureMailOps.Benchmarks
    otp-store-throughput), and Test-OtpCode -AccountId through the built module from 1, 4 and 16
    runspaces sharing the session's open store. Results: docs/benchmarks.md, section "Issue 13".
#>
param([Parameter(Mandatory)][string] $ModulePath, [double] $Seconds = 3)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path $PSScriptRoot -Parent
Import-Module $ModulePath -Force

$benchProject = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'SecureMailOps.Benchmarks.csproj'
& dotnet build $benchProject -c Release -v q -nologo -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building the benchmark project failed.' }
$benchDll = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'bin' 'Release' 'net10.0' 'SecureMailOps.Benchmarks.dll'

# The stores live on the disk the module's users would use: the repository's out/ folder (not a tmpfs).
$folder = Join-Path $root 'out' ("store-bench-{0}" -f [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $folder | Out-Null
try {
    $engine = & dotnet $benchDll otp-store-throughput (Join-Path $folder 'engine') $Seconds
    if ($LASTEXITCODE -ne 0) { throw 'otp-store-throughput failed.' }
    $engine | ForEach-Object { "  $_" }
    $floorMs = [double](([regex]::Match(($engine -join "`n"), 'commit_ms=([\d.]+)')).Groups[1].Value)

    $secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    foreach ($callers in 1, 4, 16) {
        $store = Join-Path $folder "cmdlet-$callers.db"
        # One code for the whole run: it stays within the default window (one step each side) for 30 s or more.
        $code = (Get-OtpCode -Secret $secret).Code
        $null = Test-OtpCode -Secret $secret -Code $code -AccountId 'warm-up' -StorePath $store
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $counts = 1..$callers | ForEach-Object -ThrottleLimit $callers -Parallel {
            Import-Module $using:ModulePath
            $n = 0
            while ([DateTime]::UtcNow -lt $using:deadline) {
                # A fresh account each time: every call is a Valid code, a write and a durable commit.
                $r = Test-OtpCode -Secret $using:secret -Code $using:code -AccountId "r$_-$n" -StorePath $using:store
                if (-not $r.Valid) { throw "Refused: $($r.Reason)" }
                $n++
            }
            $n
        }
        $elapsed = $clock.Elapsed.TotalSeconds
        $total = ($counts | Measure-Object -Sum).Sum
        '  cmdlet callers={0} verifications_per_s={1:F0} ms_per_call={2:F3} vs_floor={3:F2}' -f $callers, ($total / $elapsed), (1000 * $elapsed / $total), ((1000 * $elapsed / $total) / $floorMs)
    }
}
finally {
    Remove-Module SecureMailOps -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
}
