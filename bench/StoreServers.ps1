<#
.SYNOPSIS
    Issue 14: stateful verification throughput (single use enforced) on both stores in the same run,
    SQLite and a real PostgreSQL 15, through the built module (Test-OtpCode -AccountId from 1, 4 and
    16 runspaces sharing the session's open store), each next to its floor for one durable commit on
    this machine: for SQLite the engine's WAL/synchronous=FULL INSERT+COMMIT (bench/SecureMailOps.Benchmarks
    otp-store-throughput, commit_ms), for PostgreSQL a bare INSERT+COMMIT with synchronous_commit=on
    measured by pgbench at the same client count. Results: docs/benchmarks.md, section "Issue 14".
#>
param([Parameter(Mandatory)][string] $ModulePath, [double] $Seconds = 3)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path $PSScriptRoot -Parent
Import-Module $ModulePath -Force
Import-Module (Join-Path $root 'build' 'PostgreSql.psm1') -Force

$benchProject = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'SecureMailOps.Benchmarks.csproj'
& dotnet build $benchProject -c Release -v q -nologo -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building the benchmark project failed.' }
$benchDll = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'bin' 'Release' 'net10.0' 'SecureMailOps.Benchmarks.dll'

# The SQLite stores live on the repository's disk (not a tmpfs); the PostgreSQL data folder in the temp folder, fsync on.
$folder = Join-Path $root 'out' ("store-servers-bench-{0}" -f [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $folder | Out-Null
$server = Start-TestPostgres
try {
    $engine = & dotnet $benchDll otp-store-throughput (Join-Path $folder 'engine') $Seconds
    if ($LASTEXITCODE -ne 0) { throw 'otp-store-throughput failed.' }
    $sqliteFloorMs = [double](([regex]::Match(($engine -join "`n"), 'commit_ms=([\d.]+)')).Groups[1].Value)
    '  sqlite floor commit_ms={0:F3} (WAL, synchronous=FULL, one INSERT+COMMIT)' -f $sqliteFloorMs

    # PostgreSQL floor: pgbench, one INSERT per transaction (autocommit), synchronous_commit on, per client count.
    $env:PGPASSWORD = $server.Password
    $pgbench = '/usr/lib/postgresql/15/bin/pgbench'
    $psqlArgs = @('-h', '127.0.0.1', '-p', $server.Port, '-U', $server.Role, '-d', $server.Database, '-q', '-v', 'ON_ERROR_STOP=1')
    & psql @psqlArgs -c 'CREATE TABLE bench_floor (id bigserial PRIMARY KEY, v integer NOT NULL)' | Out-Null
    $sql = Join-Path $folder 'floor.sql'
    Set-Content -Path $sql -Value 'INSERT INTO bench_floor (v) VALUES (1);'
    $pgFloor = @{}
    foreach ($clients in 1, 4, 16) {
        $out = & $pgbench -h 127.0.0.1 -p $server.Port -U $server.Role -n -f $sql -c $clients -j ([Math]::Min($clients, 4)) -T ([int][Math]::Ceiling($Seconds)) $server.Database 2>&1
        $tps = [double](([regex]::Match(($out -join "`n"), 'tps = ([\d.]+)')).Groups[1].Value)
        $pgFloor[$clients] = $tps
        '  postgresql floor clients={0} commits_per_s={1:F0} (bare INSERT+COMMIT, synchronous_commit=on)' -f $clients, $tps
    }

    $credential = [pscredential]::new($server.Role, (ConvertTo-SecureString $server.Password -AsPlainText -Force))
    Remove-Item Env:PGPASSWORD
    $secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    foreach ($kind in 'SQLite', 'PostgreSQL') {
        foreach ($callers in 1, 4, 16) {
            $store = if ($kind -eq 'SQLite') { @{ StorePath = (Join-Path $folder "cmdlet-$callers.db") } } else { @{ StoreConnectionString = $server.Uri; StoreCredential = $credential } }
            $code = (Get-OtpCode -Secret $secret).Code
            $null = Test-OtpCode -Secret $secret -Code $code -AccountId "warm-up-$callers" @store
            # Each runspace imports the module and warms up first; the clock starts for all of them at a
            # barrier, so module import (seconds on a loaded machine) is not counted.
            $barrier = [System.Threading.Barrier]::new($callers)
            $seconds = $Seconds
            $counts = 1..$callers | ForEach-Object -ThrottleLimit $callers -Parallel {
                Import-Module $using:ModulePath
                $s = $using:store
                $null = Test-OtpCode -Secret $using:secret -Code $using:code -AccountId "w$($using:callers)-$_" @s
                $null = ($using:barrier).SignalAndWait(600000)
                $deadline = [DateTime]::UtcNow.AddSeconds($using:seconds)
                $n = 0
                while ([DateTime]::UtcNow -lt $deadline) {
                    # A fresh account each time: every call is a Valid code, a write and a durable commit.
                    $r = Test-OtpCode -Secret $using:secret -Code $using:code -AccountId "r$($using:callers)-$_-$n" @s
                    if (-not $r.Valid) { throw "Refused: $($r.Reason)" }
                    $n++
                }
                $n
            }
            $total = ($counts | Measure-Object -Sum).Sum
            $perSecond = $total / $Seconds
            $floorPerSecond = if ($kind -eq 'SQLite') { 1000 / $sqliteFloorMs } else { $pgFloor[$callers] }
            '  {0} callers={1} verifications_per_s={2:F0} floor_commits_per_s={3:F0} vs_floor={4:F2}' -f $kind, $callers, $perSecond, $floorPerSecond, ($perSecond / $floorPerSecond)
        }
    }
}
finally {
    Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue
    Remove-Module SecureMailOps -ErrorAction SilentlyContinue
    Stop-TestPostgres $server
    Remove-Item -Recurse -Force $folder -ErrorAction SilentlyContinue
}
