<#
.SYNOPSIS
    SMTP sending throughput: 1,000 messages over STARTTLS (TLS 1.3, AUTH) to a loopback server.

.DESCRIPTION
    Compares, in one run against the same server:
      - Send-SecureMail fed from the pipeline (one connection), and with -ThrottleLimit 4;
      - a raw MailKit loop over one connection (bench/SecureMailOps.Benchmarks smtp-raw-loop), the
        floor a hand-written C# sender reaches;
      - the built-in Send-MailMessage, one call per message as users run it, with -UseSsl (STARTTLS) and
        the same credentials. Send-MailMessage cannot pin a certificate, so for this run only the
        process-wide ServicePointManager callback trusts the server's self-signed certificate by its SHA-256.
    The server is the scripted loopback server (tests/SecureMailOps.TestSmtpServer): it stores nothing and
    answers at once, so the figures measure the clients. Each client is warmed up with a full round first;
    the fast clients run -Rounds interleaved rounds and report their best, Send-MailMessage one round (its time is dominated by
    per-call connection setup and TCP delayed-ACK stalls, not by CPU).
    Writes a Markdown table to out/bench/smtp-throughput.md and prints it.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Count = 1000,
    [int] $LegacyCount = 1000,
    [int] $Rounds = 3
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path $PSScriptRoot -Parent
Import-Module $ModulePath -Force
Import-Module (Join-Path $root 'build' 'TestSmtpServer.psm1') -Force

$benchProject = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'SecureMailOps.Benchmarks.csproj'
& dotnet build $benchProject -c Release -v q -nologo -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { throw 'Building the benchmark project failed.' }
$benchDll = Join-Path $root 'bench' 'SecureMailOps.Benchmarks' 'bin' 'Release' 'net10.0' 'SecureMailOps.Benchmarks.dll'

$user = 'bench'
$password = 'bench-password'
$server = Start-TestSmtpServer -Arguments '--credentials', "$($user):$password"
try {
    $credential = [pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))
    $smtpProfile = New-SmtpProfile -Server localhost -Port $server.Port -Credential $credential -CertificatePin $server.Pin
    $messages = 1..$Count | ForEach-Object { [pscustomobject]@{ To = 'rcpt@example.com'; Subject = "Bench $_"; Body = 'Benchmark message body.' } }

    # Warm-up: one full untimed round of each (JIT tiering, TLS, the server's first connections).
    $messages | Send-SecureMail -Profile $smtpProfile -From 'bench@example.com'
    $messages | Send-SecureMail -Profile $smtpProfile -From 'bench@example.com' -ThrottleLimit 4

    # Rounds interleaved across the fast clients, best round kept for each: the machine is shared, so
    # every client sees the same background load and the minimum is the least disturbed figure.
    $pipeline = $throttled = $raw = $engine = [double]::MaxValue
    foreach ($round in 1..$Rounds) {
        $pipeline = [Math]::Min($pipeline, (Measure-Command { $messages | Send-SecureMail -Profile $smtpProfile -From 'bench@example.com' }).TotalMilliseconds)
        $raw = [Math]::Min($raw, [double](& dotnet $benchDll smtp-raw-loop localhost $server.Port $server.Pin $user $password $Count | Select-Object -Last 1))
        $throttled = [Math]::Min($throttled, (Measure-Command { $messages | Send-SecureMail -Profile $smtpProfile -From 'bench@example.com' -ThrottleLimit 4 }).TotalMilliseconds)
        $engine = [Math]::Min($engine, [double](& dotnet $benchDll smtp-engine-loop localhost $server.Port $server.Pin $user $password $Count | Select-Object -Last 1))
    }

    # Send-MailMessage: trust exactly this server's certificate for the run (it has no pinning of its own).
    Add-Type -TypeDefinition @"
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
public static class BenchPinnedTrust {
    public static string Pin;
    public static bool Check(object sender, X509Certificate certificate, X509Chain chain, SslPolicyErrors errors) =>
        certificate != null && System.Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == Pin;
}
"@
    [BenchPinnedTrust]::Pin = $server.Pin
    [System.Net.ServicePointManager]::ServerCertificateValidationCallback = [System.Net.Security.RemoteCertificateValidationCallback][BenchPinnedTrust]::Check
    $legacy = @{ SmtpServer = 'localhost'; Port = $server.Port; UseSsl = $true; Credential = $credential; From = 'bench@example.com'; To = 'rcpt@example.com'; WarningAction = 'SilentlyContinue' }
    1..10 | ForEach-Object { Send-MailMessage @legacy -Subject "Warm $_" -Body 'Benchmark message body.' }
    $legacyMs = (Measure-Command {
        foreach ($i in 1..$LegacyCount) { Send-MailMessage @legacy -Subject "Bench $i" -Body 'Benchmark message body.' }
    }).TotalMilliseconds
    [System.Net.ServicePointManager]::ServerCertificateValidationCallback = $null
    $legacyPerMessage = $legacyMs / $LegacyCount
}
finally {
    Stop-TestSmtpServer $server
}

$perPipeline = $pipeline / $Count
$perThrottled = $throttled / $Count
$perRaw = $raw / $Count
$perEngine = $engine / $Count
$lines = @(
    "| Client ($Count messages, STARTTLS TLS 1.3 + AUTH, loopback) | Total ms | ms/message | Messages/s |"
    '|---|---:|---:|---:|'
    ('| Send-MailMessage, one call per message ({0} messages) | {1:0} | {2:0.00} | {3:0} |' -f $LegacyCount, $legacyMs, $legacyPerMessage, (1000 / $legacyPerMessage))
    ('| Raw MailKit loop, one connection (C#) | {0:0} | {1:0.00} | {2:0} |' -f $raw, $perRaw, (1000 / $perRaw))
    ('| SecureMailSender.Send loop, one connection (engine alone, C#) | {0:0} | {1:0.00} | {2:0} |' -f $engine, $perEngine, (1000 / $perEngine))
    ('| Send-SecureMail from the pipeline, one connection | {0:0} | {1:0.00} | {2:0} |' -f $pipeline, $perPipeline, (1000 / $perPipeline))
    ('| Send-SecureMail -ThrottleLimit 4 | {0:0} | {1:0.00} | {2:0} |' -f $throttled, $perThrottled, (1000 / $perThrottled))
    ''
    ('Send-SecureMail vs Send-MailMessage: {0:0.0}x faster (target >= 25x).' -f ($legacyPerMessage / $perPipeline))
    ('Send-SecureMail vs raw MailKit loop: {0:0.00}x the raw throughput (target >= 0.8x).' -f ($perRaw / $perPipeline))
    ('-ThrottleLimit 4 vs one connection: {0:0.00}x.' -f ($perPipeline / $perThrottled))
)
$outDir = Join-Path $root 'out' 'bench'
New-Item -ItemType Directory -Force -Path $outDir | Out-Null
$lines | Set-Content -Path (Join-Path $outDir 'smtp-throughput.md') -Encoding utf8NoBOM
$lines | Out-Host
