<#
.SYNOPSIS
    Issue 11: Send-SecureMail (over the engine's SmtpDispatcher) against a raw MailKit loop, on real servers,
    throughput and client CPU per message; and a cold runbook.

.DESCRIPTION
    Against smtp4dev (STARTTLS, AUTH required, its certificate pinned) and, when Postfix and Dovecot are
    installed and this runs as root, a private Postfix 3.7 + Dovecot SASL instance (build/PostfixServer.psm1):
      - Send-SecureMail fed from the pipeline, 1 and 4 connections (-ThrottleLimit);
      - a raw MailKit loop with the same STARTTLS, pin and AUTH (bench/SecureMailOps.Benchmarks smtp-raw-parallel),
        1 and 4 connections, each connection a synchronous loop on its own thread.
    Both sides are timed from the first connect to the last QUIT, after one untimed warm-up round each; CPU is
    the client process's own CPU time (TotalProcessorTime) over the timed round, divided by the messages; both
    sides also read bytes allocated, thread-pool work items and GC counts over the same window (counts that do
    not move with the machine's load). smtp4dev is slow for its first few thousand messages (about 4 ms, later
    1.3 ms each): it is warmed with -Warmup messages first, and its log goes straight to a file, not through this
    process (whose CPU is Send-SecureMail's measure). Rounds are interleaved, the order of the two clients
    alternates, and each figure is the median over -Rounds rounds (the best rounds' CPU ratio is shown too).
    Cold runbook: a fresh pwsh that imports the module and sends -RunbookCount messages from the pipeline to the
    warmed smtp4dev, total wall time measured from outside, next to a bare pwsh start (best of three each).
    Writes out/bench/smtp-delivery.md and prints it.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Count = 1000,
    [int] $PostfixCount = 300,
    [int] $Rounds = 5,
    [int] $Warmup = 3000,
    [int] $RunbookCount = 300,
    # Untimed rounds the raw loop runs in its fresh process before its timed one.
    [int] $RawWarmupRounds = 1
)
Set-StrictMode -Version Latest
$ModulePath = (Resolve-Path $ModulePath).Path
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path $PSScriptRoot -Parent
Import-Module $ModulePath -Force
Import-Module (Join-Path $root 'build' 'Smtp4dev.psm1') -Force
Import-Module (Join-Path $root 'build' 'PostfixServer.psm1') -Force

$benchProject = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'SecureMailOps.Benchmarks.csproj'
& dotnet build $benchProject -c Release -v q -nologo -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building the benchmark project failed.' }
$benchDll = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'bin' 'Release' 'net10.0' 'SecureMailOps.Benchmarks.dll'
$self = [System.Diagnostics.Process]::GetCurrentProcess()

function Measure-SendSecureMail($SmtpProfile, $Messages, [int] $Connections) {
    # Over one pipeline run (connect, TLS, AUTH, every message, QUIT): wall time and this process's CPU, bytes
    # allocated, thread-pool work items and collections: the counters the raw loop reads around its timed round.
    [GC]::Collect()
    $self.Refresh(); $cpu = $self.TotalProcessorTime
    $allocated = [GC]::GetTotalAllocatedBytes($true); $items = [Threading.ThreadPool]::CompletedWorkItemCount
    $gen = foreach ($g in 0..2) { [GC]::CollectionCount($g) }
    $wall = [Diagnostics.Stopwatch]::StartNew()
    $Messages | Send-SecureMail -Profile $SmtpProfile -From 'bench@example.test' -ThrottleLimit $Connections
    $wall.Stop(); $self.Refresh()
    [pscustomobject]@{
        WallMs = $wall.Elapsed.TotalMilliseconds; CpuMs = ($self.TotalProcessorTime - $cpu).TotalMilliseconds
        Allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated; PoolItems = [Threading.ThreadPool]::CompletedWorkItemCount - $items
        Gen0 = [GC]::CollectionCount(0) - $gen[0]; Gen1 = [GC]::CollectionCount(1) - $gen[1]; Gen2 = [GC]::CollectionCount(2) - $gen[2]
    }
}

function Measure-Raw([int] $Port, [string] $Pin, [string] $User, [string] $Password, [int] $N, [int] $Connections) {
    $line = & dotnet $benchDll smtp-raw-parallel localhost $Port $Pin $User $Password $N $Connections $RawWarmupRounds | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "The raw MailKit loop failed: $line" }
    $wall, $cpu, $allocated, $items, $gen0, $gen1, $gen2 = $line.Split(' ')
    [pscustomobject]@{
        WallMs = [double]$wall; CpuMs = [double]$cpu; Allocated = [long]$allocated; PoolItems = [long]$items
        Gen0 = [int]$gen0; Gen1 = [int]$gen1; Gen2 = [int]$gen2
    }
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

function Compare-Clients([string] $Name, [int] $Port, [string] $Pin, [string] $User, [string] $Password, [int] $N) {
    $credential = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    $smtpProfile = New-SmtpProfile -Server localhost -Port $Port -Credential $credential -CertificatePin $Pin -TimeoutSeconds 60
    $messages = 1..$N | ForEach-Object { [pscustomobject]@{ To = 'bob@example.test'; Subject = "Bench $_"; Body = 'Benchmark message body.' } }
    foreach ($k in 1, 4) { $null = Measure-SendSecureMail $smtpProfile $messages $k }   # warm-up (the raw loop warms itself in each process)
    $runs = @{}
    foreach ($round in 1..$Rounds) {
        foreach ($k in 1, 4) {
            # Alternate which client goes first, so neither always follows the other's load on the server.
            $order = if ($round % 2) { 'Send-SecureMail', 'raw MailKit' } else { 'raw MailKit', 'Send-SecureMail' }
            foreach ($client in $order) {
                $m = if ($client -eq 'raw MailKit') { Measure-Raw $Port $Pin $User $Password $N $k } else { Measure-SendSecureMail $smtpProfile $messages $k }
                $key = "$client|$k"
                if (-not $runs.ContainsKey($key)) { $runs[$key] = [System.Collections.Generic.List[object]]::new() }
                $runs[$key].Add($m)
            }
        }
    }
    foreach ($k in 1, 4) {
        # Medians over the rounds, each measure on its own (wall, CPU, and the load-independent counts).
        $stats = @{}
        foreach ($client in 'Send-SecureMail', 'raw MailKit') {
            $r = $runs["$client|$k"]
            $stats[$client] = [pscustomobject]@{
                WallMs = Get-Median $r.WallMs; CpuMs = Get-Median $r.CpuMs
                BestWallMs = ($r.WallMs | Measure-Object -Minimum).Minimum; BestCpuMs = ($r.CpuMs | Measure-Object -Minimum).Minimum
                KBPerMessage = (Get-Median $r.Allocated) / 1024 / $N; PoolItemsPerMessage = (Get-Median $r.PoolItems) / $N
                Gen0Per1000 = (Get-Median $r.Gen0) * 1000 / $N; Gen1Per1000 = (Get-Median $r.Gen1) * 1000 / $N; Gen2Per1000 = (Get-Median $r.Gen2) * 1000 / $N
            }
        }
        $ssm = $stats['Send-SecureMail']; $raw = $stats['raw MailKit']
        [pscustomobject]@{
            Server = $Name; Connections = $k; Messages = $N; Rounds = $Rounds
            SsmPerSecond = $N / ($ssm.WallMs / 1000); RawPerSecond = $N / ($raw.WallMs / 1000)
            ThroughputRatio = $raw.WallMs / $ssm.WallMs
            SsmCpuMsPerMessage = $ssm.CpuMs / $N; RawCpuMsPerMessage = $raw.CpuMs / $N; CpuRatio = $ssm.CpuMs / $raw.CpuMs
            BestThroughputRatio = $raw.BestWallMs / $ssm.BestWallMs; BestCpuRatio = $ssm.BestCpuMs / $raw.BestCpuMs
            Ssm = $ssm; Raw = $raw
        }
    }
}

$rows = [System.Collections.Generic.List[object]]::new()
$coldRows = $null
$user = 'bench'; $password = 'bench-password'
# -LogDirectly: smtp4dev writes four log lines per message; piped through this process (Start-Process's
# redirection on Linux) they cost it about 0.65 ms of CPU per message, counted against Send-SecureMail and not
# against the raw loop, which runs in its own process.
$smtp4dev = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User "$user=$password" -LogDirectly
try {
    $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
    $warmProfile = New-SmtpProfile -Server localhost -Port $smtp4dev.SmtpPort -Credential $credential -CertificatePin $smtp4dev.CertificatePin -TimeoutSeconds 60
    Write-Host "==> Warming smtp4dev with $Warmup messages"
    1..$Warmup | ForEach-Object { [pscustomobject]@{ To = 'warm@example.test'; Subject = "Warm $_"; Body = 'warm' } } |
        Send-SecureMail -Profile $warmProfile -From 'bench@example.test' -ThrottleLimit 4
    Write-Host '==> smtp4dev: Send-SecureMail vs raw MailKit'
    Compare-Clients 'smtp4dev 3.15' $smtp4dev.SmtpPort $smtp4dev.CertificatePin $user $password $Count | ForEach-Object { $rows.Add($_) }

    Write-Host "==> Cold runbook: fresh pwsh, Import-Module, $RunbookCount messages"
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $pwsh = if (Test-Path $pwshDll) { @('dotnet', $pwshDll) } else { @((Get-Process -Id $PID).Path) }
    $runbook = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$ModulePath'
`$c = [pscredential]::new('$user', (ConvertTo-SecureString '$password' -AsPlainText -Force))
`$p = New-SmtpProfile -Server localhost -Port $($smtp4dev.SmtpPort) -Credential `$c -CertificatePin $($smtp4dev.CertificatePin)
1..$RunbookCount | ForEach-Object { [pscustomobject]@{ To = 'bob@example.test'; Subject = "Runbook `$_"; Body = 'cold' } } | Send-SecureMail -Profile `$p -From 'bench@example.test'
"@
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($runbook))
    $bare = $cold = [double]::MaxValue
    foreach ($i in 1..3) {
        $bare = [Math]::Min($bare, (Measure-Command { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command 'exit 0' }).TotalMilliseconds)
        $cold = [Math]::Min($cold, (Measure-Command { & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded; if ($LASTEXITCODE) { throw 'runbook failed' } }).TotalMilliseconds)
    }
    $coldRows = [pscustomobject]@{ BarePwshMs = $bare; RunbookMs = $cold; Messages = $RunbookCount }
}
finally {
    Stop-Smtp4dev $smtp4dev
}

if ((Test-PostfixAvailable) -and ((& id -u) -eq '0')) {
    $postfix = Start-PostfixServer -Password 'bench-postfix-password'
    try {
        Write-Host '==> Postfix: Send-SecureMail vs raw MailKit'
        Compare-Clients 'Postfix 3.7 + Dovecot' $postfix.Port $postfix.Pin $postfix.User $postfix.Password $PostfixCount | ForEach-Object { $rows.Add($_) }
    } finally {
        Stop-PostfixServer $postfix
    }
} else {
    Write-Warning 'Postfix/Dovecot not available (or not root): the Postfix rows are left out.'
}

$culture = [Globalization.CultureInfo]::InvariantCulture
$lines = @(
    '| Server | Connections | Messages x rounds | Send-SecureMail msg/s | raw MailKit msg/s | throughput ratio (SSM/raw) | SSM CPU ms/msg | raw CPU ms/msg | CPU ratio (SSM/raw) | best rounds: throughput / CPU ratio |'
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
)
foreach ($r in $rows) {
    $lines += [string]::Format($culture, '| {0} | {1} | {2} x {3} | {4:0} | {5:0} | {6:0.00}x | {7:0.000} | {8:0.000} | {9:0.00}x | {10:0.00}x / {11:0.00}x |',
        $r.Server, $r.Connections, $r.Messages, $r.Rounds, $r.SsmPerSecond, $r.RawPerSecond, $r.ThroughputRatio, $r.SsmCpuMsPerMessage, $r.RawCpuMsPerMessage, $r.CpuRatio, $r.BestThroughputRatio, $r.BestCpuRatio)
}
$lines += ''
$lines += '| Server | Connections | Client | KB allocated/msg | thread-pool items/msg | gen0 / gen1 / gen2 per 1000 msgs |'
$lines += '|---|---:|---|---:|---:|---:|'
foreach ($r in $rows) {
    foreach ($c in @(@('Send-SecureMail', $r.Ssm), @('raw MailKit', $r.Raw))) {
        $lines += [string]::Format($culture, '| {0} | {1} | {2} | {3:0.0} | {4:0.00} | {5:0.#} / {6:0.#} / {7:0.#} |',
            $r.Server, $r.Connections, $c[0], $c[1].KBPerMessage, $c[1].PoolItemsPerMessage, $c[1].Gen0Per1000, $c[1].Gen1Per1000, $c[1].Gen2Per1000)
    }
}
if ($coldRows) {
    $lines += ''
    $lines += [string]::Format($culture, 'Cold runbook (fresh pwsh, Import-Module, {0} messages from the pipeline to warmed smtp4dev): {1:0} ms; bare pwsh start: {2:0} ms; difference {3:0} ms.',
        $coldRows.Messages, $coldRows.RunbookMs, $coldRows.BarePwshMs, $coldRows.RunbookMs - $coldRows.BarePwshMs)
}
$out = Join-Path $root 'out' 'bench'
New-Item -ItemType Directory -Force -Path $out | Out-Null
$lines | Set-Content -Path (Join-Path $out 'smtp-delivery.md')
$lines | Write-Host
