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
    the client process's own CPU time (TotalProcessorTime) over the timed round, divided by the messages.
    smtp4dev is slow for its first few thousand messages (about 4 ms, later 1.3 ms each): it is warmed with
    -Warmup messages first. Rounds are interleaved and each client keeps its best round (the machine is shared).
    Cold runbook: a fresh pwsh that imports the module and sends -RunbookCount messages from the pipeline to the
    warmed smtp4dev, total wall time measured from outside, next to a bare pwsh start (best of three each).
    Writes out/bench/smtp-delivery.md and prints it.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Count = 1000,
    [int] $PostfixCount = 300,
    [int] $Rounds = 3,
    [int] $Warmup = 3000,
    [int] $RunbookCount = 300
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
    # Wall and this process's CPU over one pipeline run (connect, TLS, AUTH, every message, QUIT).
    [GC]::Collect()
    $self.Refresh(); $cpu = $self.TotalProcessorTime
    $wall = [Diagnostics.Stopwatch]::StartNew()
    $Messages | Send-SecureMail -Profile $SmtpProfile -From 'bench@example.test' -ThrottleLimit $Connections
    $wall.Stop(); $self.Refresh()
    [pscustomobject]@{ WallMs = $wall.Elapsed.TotalMilliseconds; CpuMs = ($self.TotalProcessorTime - $cpu).TotalMilliseconds }
}

function Measure-Raw([int] $Port, [string] $Pin, [string] $User, [string] $Password, [int] $N, [int] $Connections) {
    $line = & dotnet $benchDll smtp-raw-parallel localhost $Port $Pin $User $Password $N $Connections | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { throw "The raw MailKit loop failed: $line" }
    $wall, $cpu = $line.Split(' ')
    [pscustomobject]@{ WallMs = [double]$wall; CpuMs = [double]$cpu }
}

function Compare-Clients([string] $Name, [int] $Port, [string] $Pin, [string] $User, [string] $Password, [int] $N) {
    $credential = [pscredential]::new($User, (ConvertTo-SecureString $Password -AsPlainText -Force))
    $smtpProfile = New-SmtpProfile -Server localhost -Port $Port -Credential $credential -CertificatePin $Pin -TimeoutSeconds 60
    $messages = 1..$N | ForEach-Object { [pscustomobject]@{ To = 'bob@example.test'; Subject = "Bench $_"; Body = 'Benchmark message body.' } }
    foreach ($k in 1, 4) { $null = Measure-SendSecureMail $smtpProfile $messages $k }   # warm-up (the raw loop warms itself)
    $best = @{}
    foreach ($round in 1..$Rounds) {
        foreach ($k in 1, 4) {
            foreach ($client in 'Send-SecureMail', 'raw MailKit') {
                $m = if ($client -eq 'raw MailKit') { Measure-Raw $Port $Pin $User $Password $N $k } else { Measure-SendSecureMail $smtpProfile $messages $k }
                $key = "$client|$k"
                if (-not $best.ContainsKey($key) -or $m.WallMs -lt $best[$key].WallMs) { $best[$key] = $m }
                if (-not $best.ContainsKey("$key|cpu") -or $m.CpuMs -lt $best["$key|cpu"].CpuMs) { $best["$key|cpu"] = $m }
            }
        }
    }
    foreach ($k in 1, 4) {
        $ssm = $best["Send-SecureMail|$k"]; $raw = $best["raw MailKit|$k"]
        $ssmCpu = $best["Send-SecureMail|$k|cpu"].CpuMs / $N; $rawCpu = $best["raw MailKit|$k|cpu"].CpuMs / $N
        [pscustomobject]@{
            Server = $Name; Connections = $k; Messages = $N
            SsmPerSecond = $N / ($ssm.WallMs / 1000); RawPerSecond = $N / ($raw.WallMs / 1000)
            ThroughputRatio = $raw.WallMs / $ssm.WallMs
            SsmCpuMsPerMessage = $ssmCpu; RawCpuMsPerMessage = $rawCpu; CpuRatio = $ssmCpu / $rawCpu
        }
    }
}

$rows = [System.Collections.Generic.List[object]]::new()
$coldRows = $null
$user = 'bench'; $password = 'bench-password'
$smtp4dev = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User "$user=$password"
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
    '| Server | Connections | Messages | Send-SecureMail msg/s | raw MailKit msg/s | throughput ratio (SSM/raw) | SSM CPU ms/msg | raw CPU ms/msg | CPU ratio (SSM/raw) |'
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
)
foreach ($r in $rows) {
    $lines += [string]::Format($culture, '| {0} | {1} | {2} | {3:0} | {4:0} | {5:0.00}x | {6:0.000} | {7:0.000} | {8:0.00}x |',
        $r.Server, $r.Connections, $r.Messages, $r.SsmPerSecond, $r.RawPerSecond, $r.ThroughputRatio, $r.SsmCpuMsPerMessage, $r.RawCpuMsPerMessage, $r.CpuRatio)
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
