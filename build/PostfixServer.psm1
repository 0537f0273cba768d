<#
.SYNOPSIS
    Starts and stops a private Postfix 3.7 instance with Dovecot SASL on free loopback ports, as a second real
    SMTP server for tests and benchmarks: STARTTLS required (a test CA and a server certificate made here with
    openssl), AUTH only after TLS, mail for the virtual mailboxes delivered into a maildir under its folder.
    Everything lives in one temporary folder (config, queue, data, maildirs, logs) and is removed on stop.
    Needs root (Postfix's master runs as root and drops to the postfix user), as on CI.
#>
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'Smtp4dev.psm1') -Function Get-FreeTcpPort

function Test-PostfixAvailable {
    <# True when postfix, dovecot and openssl are installed (Debian postfix, dovecot-core). #>
    foreach ($name in 'postfix', 'dovecot', 'openssl', 'postconf') {
        if (-not (Get-Command $name -CommandType Application -ErrorAction SilentlyContinue)) { return $false }
    }
    return $true
}

function Invoke-Checked([string] $FilePath, [string[]] $ArgumentList) {
    $output = & $FilePath @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed ($LASTEXITCODE): $($output -join "`n")" }
}

function Invoke-Daemon([string] $FilePath, [string[]] $ArgumentList, [string] $LogPath) {
    # A daemon keeps the streams it inherited: give it a file and no stdin, never this process's pipes
    # (capturing its output would wait for the daemon to exit).
    $quoted = @($FilePath) + $ArgumentList | ForEach-Object { "'" + $_.Replace("'", "'\''") + "'" }
    & /bin/sh -c "$($quoted -join ' ') </dev/null >>'$LogPath' 2>&1"
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed ($LASTEXITCODE): $(Get-Content -Raw $LogPath -ErrorAction SilentlyContinue)" }
}

function New-TestCertificateAuthority {
    <#
    .SYNOPSIS
        Makes a test CA and a server certificate for localhost / 127.0.0.1 signed by it (openssl).
        Returns CaPath, CertificatePath, KeyPath and Pin (SHA-256 of the server certificate, hex).
    #>
    param([Parameter(Mandatory)][string] $Directory, [string] $Name = 'localhost')
    $ca = Join-Path $Directory 'ca.pem'; $caKey = Join-Path $Directory 'ca.key'
    $cert = Join-Path $Directory 'server.pem'; $key = Join-Path $Directory 'server.key'
    $csr = Join-Path $Directory 'server.csr'; $ext = Join-Path $Directory 'server.ext'
    Invoke-Checked openssl @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', $caKey, '-out', $ca, '-days', '2',
        '-subj', '/CN=SecureMailOps Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    Invoke-Checked openssl @('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', $key, '-out', $csr, '-subj', "/CN=$Name")
    Set-Content -Path $ext -Value "subjectAltName=DNS:$Name,IP:127.0.0.1`nextendedKeyUsage=serverAuth`nbasicConstraints=CA:FALSE`nkeyUsage=digitalSignature,keyEncipherment"
    Invoke-Checked openssl @('x509', '-req', '-in', $csr, '-CA', $ca, '-CAkey', $caKey, '-CAcreateserial', '-out', $cert, '-days', '2', '-extfile', $ext)
    $x509 = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content -Raw $cert))
    try { $pin = [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($x509.RawData)) } finally { $x509.Dispose() }
    [pscustomobject]@{ CaPath = $ca; CertificatePath = $cert; KeyPath = $key; Pin = $pin }
}

function Start-PostfixServer {
    <#
    .SYNOPSIS
        Starts Dovecot (SASL only) and Postfix from a new temporary folder; waits until SMTP answers.
    .OUTPUTS
        Port, Directory, CaPath, Pin, MailDirectory, User, Password, Mailboxes and the config paths; pass it to Stop-PostfixServer.
    #>
    [CmdletBinding()]
    param(
        [string] $User = 'alice@example.test',
        [Parameter(Mandatory)][string] $Password,
        [string[]] $Mailboxes = @('bob@example.test', 'carol@example.test'),
        [int] $TimeoutSeconds = 30
    )
    $d = Join-Path ([IO.Path]::GetTempPath()) ('postfix-' + [guid]::NewGuid().ToString('n').Substring(0, 12))
    foreach ($sub in 'conf', 'queue', 'data', 'mail', 'run', 'tls') { New-Item -ItemType Directory -Force -Path (Join-Path $d $sub) | Out-Null }
    # Postfix's master must reach the folder as the postfix user.
    Invoke-Checked chmod @('755', $d)
    $tls = New-TestCertificateAuthority -Directory (Join-Path $d 'tls')
    Invoke-Checked chmod @('644', $tls.KeyPath)
    $port = Get-FreeTcpPort
    $authPort = Get-FreeTcpPort
    $uid = (& id -u postfix).Trim(); $gid = (& id -g postfix).Trim()

    Set-Content -Path (Join-Path $d 'conf' 'vmailbox') -Value (($Mailboxes | ForEach-Object { "$_ $($_.Split('@')[1])/$($_.Split('@')[0])/" }) -join "`n")
    Set-Content -Path (Join-Path $d 'conf' 'users') -Value "$($User):{PLAIN}$Password"
    # Readable by Dovecot's auth process (it runs as the dovecot user), by nobody else.
    Invoke-Checked chown @('dovecot:dovecot', (Join-Path $d 'conf' 'users'))
    Invoke-Checked chmod @('600', (Join-Path $d 'conf' 'users'))
    @"
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.example.test
mydestination =
alias_maps =
alias_database =
maillog_file = $d/maillog
maillog_file_prefixes = $d
virtual_mailbox_domains = example.test
virtual_mailbox_base = $d/mail
virtual_mailbox_maps = texthash:$d/conf/vmailbox
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
smtpd_tls_cert_file = $($tls.CertificatePath)
smtpd_tls_key_file = $($tls.KeyPath)
smtpd_tls_security_level = encrypt
smtpd_tls_auth_only = yes
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$authPort
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0
anvil_rate_time_unit = 60s
"@ | Set-Content -Path (Join-Path $d 'conf' 'main.cf')
    # The packaged master.cf (with "No configuration" Debian may not have copied it to /etc/postfix).
    $masterSource = @('/etc/postfix/master.cf', '/usr/share/postfix/master.cf.dist') | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $masterSource) { throw 'No master.cf found in /etc/postfix or /usr/share/postfix.' }
    $master = (Get-Content $masterSource) | ForEach-Object {
        if ($_ -match '^smtp\s+inet\s') { "127.0.0.1:$port inet n - n - - smtpd" } else { $_ }
    }
    Set-Content -Path (Join-Path $d 'conf' 'master.cf') -Value $master
    @"
base_dir = $d/run
state_dir = $d/run
log_path = $d/dovecot.log
protocols =
ssl = no
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/conf/users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$d/mail/%d/%n
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $authPort
  }
}
"@ | Set-Content -Path (Join-Path $d 'conf' 'dovecot.conf')
    Invoke-Checked chown @('-R', 'postfix:postfix', (Join-Path $d 'mail'), (Join-Path $d 'data'))

    $server = [pscustomobject]@{
        PSTypeName = 'SecureMailOps.PostfixServer'; Port = $port; AuthPort = $authPort; Directory = $d
        CaPath = $tls.CaPath; Pin = $tls.Pin; MailDirectory = Join-Path $d 'mail'; User = $User; Password = $Password; Mailboxes = $Mailboxes
        ConfigDirectory = Join-Path $d 'conf'; DovecotConfig = Join-Path $d 'conf' 'dovecot.conf'; LogPath = Join-Path $d 'maillog'
    }
    try {
        Invoke-Daemon dovecot @('-c', $server.DovecotConfig) (Join-Path $d 'start.log')
        Invoke-Daemon postfix @('-c', $server.ConfigDirectory, 'start') (Join-Path $d 'start.log')
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ($true) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.Connect('127.0.0.1', $port)
                $reader = [IO.StreamReader]::new($client.GetStream())
                $client.ReceiveTimeout = 5000
                if ($reader.ReadLine() -like '220 *') { break }
            } catch {
                if ([DateTime]::UtcNow -gt $deadline) { throw "Postfix did not answer on port $port within $TimeoutSeconds s: $(Get-Content -Raw $server.LogPath -ErrorAction SilentlyContinue)" }
                Start-Sleep -Milliseconds 200
            } finally { $client.Dispose() }
        }
    } catch {
        Stop-PostfixServer $server
        throw
    }
    return $server
}

function Get-PostfixDelivered {
    <# The messages delivered to a mailbox so far (full text of each maildir file), oldest first. #>
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)][string] $Mailbox)
    $local, $domain = $Mailbox.Split('@')
    $new = Join-Path $Server.MailDirectory $domain $local 'new'
    if (-not (Test-Path $new)) { return @() }
    @(Get-ChildItem $new -File | Sort-Object LastWriteTimeUtc, Name | ForEach-Object { Get-Content -Raw $_.FullName })
}

function Wait-PostfixDelivered {
    <#
    .SYNOPSIS
        Waits until a mailbox holds at least Count messages (matching -Match, a regex, when given): Postfix
        delivers after it has queued. Writes those messages, oldest first.
    #>
    param([Parameter(Mandatory)] $Server, [Parameter(Mandatory)][string] $Mailbox, [int] $Count = 1, [string] $Match = '', [int] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $messages = @(Get-PostfixDelivered -Server $Server -Mailbox $Mailbox | Where-Object { $_ -match $Match })
        if ($messages.Count -ge $Count -or [DateTime]::UtcNow -gt $deadline) { return $messages }
        Start-Sleep -Milliseconds 200
    }
}

function Stop-PostfixServer {
    <# Stops the Postfix and Dovecot of a server from Start-PostfixServer and removes its folder. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        $log = Join-Path $Server.Directory 'stop.log'
        try { Invoke-Daemon postfix @('-c', $Server.ConfigDirectory, 'stop') $log } catch { Write-Verbose $_ }
        try { Invoke-Daemon dovecot @('-c', $Server.DovecotConfig, 'stop') $log } catch { Write-Verbose $_ }
        # postfix stop returns before master has exited; its pid file goes when it has.
        $pidFile = Join-Path $Server.Directory 'queue' 'pid' 'master.pid'
        $deadline = [DateTime]::UtcNow.AddSeconds(15)
        while ((Test-Path $pidFile) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Remove-Item -Recurse -Force $Server.Directory -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Test-PostfixAvailable, New-TestCertificateAuthority, Start-PostfixServer, Stop-PostfixServer, Get-PostfixDelivered, Wait-PostfixDelivered
