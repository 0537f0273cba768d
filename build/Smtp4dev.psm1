<#
.SYNOPSIS
    Starts and stops smtp4dev (the Rnwood.Smtp4dev .NET tool from the repository's tool manifest) as a real
    SMTP peer for tests, demos and benchmarks, and reads what it received through its REST API.
    Each server gets its own temporary folder (its self-signed certificate lands there), free ports, and is
    stopped by the PID that was started. smtp4dev does not check passwords and keeps the last 100 messages.
#>
Set-StrictMode -Version Latest

function Get-FreeTcpPort {
    <# A port the OS reports free on 127.0.0.1 right now. #>
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-Smtp4dev {
    <#
    .SYNOPSIS
        Starts smtp4dev on free loopback ports and waits until SMTP and the REST API answer.
    .OUTPUTS
        An object with SmtpPort, ApiUrl, DataDirectory, CertificatePath, CertificatePin (SHA-256 hex),
        TlsMode and the Process; pass it to Stop-Smtp4dev.
    #>
    [CmdletBinding()]
    param(
        [ValidateSet('StartTls', 'ImplicitTls', 'None')]
        [string] $TlsMode = 'StartTls',
        # user=password pairs; with -AuthenticationRequired the server demands AUTH (any password passes).
        [string[]] $User = @(),
        [switch] $AuthenticationRequired,
        [int] $TimeoutSeconds = 60,
        # More smtp4dev options (for example --oauth2authority=... for XOAUTH2 token validation).
        [string[]] $ExtraArgument = @(),
        # Environment variables for the smtp4dev process only (for example SSL_CERT_FILE to trust a test CA).
        [hashtable] $Environment = @{},
        # On Linux/macOS, smtp4dev writes its log straight to the files instead of through this process
        # (Start-Process -RedirectStandardOutput pipes the child's output into this process, which then spends
        # CPU on every log line: smtp4dev writes four per message). For benchmarks that measure this process's CPU.
        [switch] $LogDirectly
    )
    $root = Split-Path $PSScriptRoot -Parent
    $data = Join-Path ([IO.Path]::GetTempPath()) ('smtp4dev-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    New-Item -ItemType Directory -Path $data | Out-Null
    $smtpPort = Get-FreeTcpPort
    $httpPort = Get-FreeTcpPort
    $arguments = @('smtp4dev', "--baseappdatapath=$data", '--nousersettings', '--db=', '--bindaddress=127.0.0.1', '--disableipv6',
        '--hostname=localhost', "--smtpport=$smtpPort", '--imapport=', '--pop3port=', "--urls=http://127.0.0.1:$httpPort",
        "--tlsmode=$TlsMode")
    if ($AuthenticationRequired) { $arguments += '--authenticationrequired' }
    if ($TlsMode -ne 'None') { $arguments += '--secureconnectionrequired' }
    foreach ($u in $User) { $arguments += "--user=$u" }
    $arguments += $ExtraArgument
    $log = Join-Path $data 'smtp4dev.log'
    $startArgs = @{}
    if ($Environment.Count -gt 0) { $startArgs.Environment = $Environment }
    if ($LogDirectly -and ($IsLinux -or $IsMacOS)) {
        # exec: the started PID is smtp4dev's own (Stop-Smtp4dev stops it by that PID), and the shell's redirections
        # hand it the files themselves.
        $startInfo = [System.Diagnostics.ProcessStartInfo]::new('/bin/sh')
        foreach ($a in @('-c', 'exec "$@" </dev/null >"$SMTP4DEV_LOG" 2>"$SMTP4DEV_ERR"', 'sh', 'dotnet') + $arguments) { $startInfo.ArgumentList.Add($a) }
        $startInfo.WorkingDirectory = $root
        $startInfo.UseShellExecute = $false
        $startInfo.Environment['SMTP4DEV_LOG'] = $log
        $startInfo.Environment['SMTP4DEV_ERR'] = Join-Path $data 'smtp4dev.err'
        foreach ($name in $Environment.Keys) { $startInfo.Environment[[string]$name] = [string]$Environment[$name] }
        $process = [System.Diagnostics.Process]::Start($startInfo)
    } else {
        $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -WorkingDirectory $root -PassThru `
            -RedirectStandardOutput $log -RedirectStandardError (Join-Path $data 'smtp4dev.err') @startArgs
    }
    $server = [pscustomobject]@{
        PSTypeName      = 'SecureMailOps.Smtp4dev'
        Process         = $process
        SmtpPort        = $smtpPort
        ApiUrl          = "http://127.0.0.1:$httpPort"
        DataDirectory   = $data
        CertificatePath = Join-Path $data 'selfsigned-certificate.cer'
        CertificatePin  = $null
        TlsMode         = $TlsMode
    }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        if ($process.HasExited) { throw "smtp4dev exited early (code $($process.ExitCode)): $(Get-Content -Raw $log -ErrorAction SilentlyContinue)" }
        $ready = $false
        try {
            $null = Invoke-RestMethod -Uri "$($server.ApiUrl)/api/messages?pageSize=1" -TimeoutSec 2
            $ready = (Get-Content -Raw $log -ErrorAction SilentlyContinue) -match 'SMTP Server is listening'
        } catch { $ready = $false }
        if ($ready -and ($TlsMode -eq 'None' -or (Test-Path $server.CertificatePath))) { break }
        if ([DateTime]::UtcNow -gt $deadline) { Stop-Smtp4dev $server; throw "smtp4dev did not become ready within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 200
    }
    if ($TlsMode -ne 'None') {
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($server.CertificatePath)
        $server.CertificatePin = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($cert.RawData))
        $cert.Dispose()
    }
    return $server
}

function Stop-Smtp4dev {
    <# Stops a server from Start-Smtp4dev (SIGTERM to the started PID and its children, then waits) and removes its folder. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        $process = $Server.Process
        $children = @()
        if ($IsLinux -or $IsMacOS) {
            $children = @(Get-ChildProcessId $process.Id)
        }
        foreach ($id in @($process.Id) + $children) {
            if ($IsLinux -or $IsMacOS) { & kill -TERM $id 2>$null } else { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        }
        foreach ($id in $children + @($process.Id)) {
            $p = Get-Process -Id $id -ErrorAction SilentlyContinue
            if ($p -and -not $p.WaitForExit(10000)) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue }
        }
        Remove-Item -Recurse -Force $Server.DataDirectory -ErrorAction SilentlyContinue
    }
}

function Get-ChildProcessId {
    param([int] $ParentId)
    foreach ($stat in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -match '^\d+$') {
        $text = Get-Content -Raw (Join-Path $stat.FullName 'stat') -ErrorAction SilentlyContinue
        if ($text -and $text -match '^\d+ \(.*\) \S (\d+)' -and [int]$Matches[1] -eq $ParentId) {
            [int]$stat.Name
            Get-ChildProcessId ([int]$stat.Name)
        }
    }
}

function Get-Smtp4devMessage {
    <# Message summaries (newest first); with -Raw, each message's raw RFC 5322 text as a Raw property. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [switch] $Raw)
    $page = Invoke-RestMethod -Uri "$($Server.ApiUrl)/api/messages?pageSize=100"
    foreach ($m in @($page.results)) {
        if ($Raw) {
            $text = Invoke-RestMethod -Uri "$($Server.ApiUrl)/api/messages/$($m.id)/raw"
            $m | Add-Member -NotePropertyName Raw -NotePropertyValue $text -Force
        }
        $m
    }
}

function Clear-Smtp4devMessage {
    <# Deletes every message the server holds. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    Invoke-RestMethod -Method Delete -Uri "$($Server.ApiUrl)/api/messages/*" | Out-Null
}

function Wait-Smtp4devMessage {
    <# Waits until the server holds at least -Count messages (smtp4dev stores asynchronously). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server, [int] $Count = 1, [int] $TimeoutSeconds = 20, [switch] $Raw)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    do {
        $messages = @(Get-Smtp4devMessage -Server $Server)
        if ($messages.Count -ge $Count) { return Get-Smtp4devMessage -Server $Server -Raw:$Raw }
        Start-Sleep -Milliseconds 200
    } while ([DateTime]::UtcNow -lt $deadline)
    throw "smtp4dev holds $($messages.Count) message(s), expected $Count."
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-Smtp4dev, Stop-Smtp4dev, Get-Smtp4devMessage, Clear-Smtp4devMessage, Wait-Smtp4devMessage
