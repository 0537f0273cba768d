# A private PostgreSQL 15 for tests: initdb into a temporary folder as an unprivileged user (the
# postgres account when running as root: PostgreSQL refuses to run as root), pg_ctl on a free
# loopback port, a login role with a password; stopped and deleted afterwards.
Import-Module (Join-Path $PSScriptRoot 'Smtp4dev.psm1') -Function Get-FreeTcpPort

$script:Bin = '/usr/lib/postgresql/15/bin'

function Invoke-PgTool {
    param([Parameter(Mandatory)][string] $Tool, [string[]] $ArgumentList)
    $path = Join-Path $script:Bin $Tool
    if ([Environment]::UserName -eq 'root') {
        $quoted = ($ArgumentList | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' '
        $output = & /bin/su postgres -s /bin/sh -c "$path $quoted" 2>&1
    }
    else {
        $output = & $path @ArgumentList 2>&1
    }
    if ($LASTEXITCODE -ne 0) { throw "$Tool failed ($LASTEXITCODE): $($output -join "`n")" }
}

function Start-TestPostgres {
    <#
    .SYNOPSIS
        Starts PostgreSQL 15 and returns Port, Role, Password (planted, for leak checks) and a Database
        (empty, owned by the role); Uri is the postgresql:// URI without the password. -Tls turns on
        ssl with a server certificate for IP:127.0.0.1 only, issued by a CA made here (RootCertificate).
    #>
    param([switch] $Tls)
    if (-not (Test-Path (Join-Path $script:Bin 'initdb'))) { throw 'PostgreSQL 15 is not installed: apt-get install postgresql.' }
    $folder = Join-Path ([IO.Path]::GetTempPath()) ("smo-pg-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    $super = 'super-' + [guid]::NewGuid().ToString('N')
    Set-Content -Path (Join-Path $folder 'pw') -Value $super
    $options = ''
    $rootCertificate = $null
    if ($Tls) {
        $rootCertificate = New-TestPostgresCertificate -Folder (Join-Path $folder 'tls')
        $options = " -c ssl=on -c ssl_cert_file=$folder/tls/server.crt -c ssl_key_file=$folder/tls/server.key"
    }
    if ([Environment]::UserName -eq 'root') { & /bin/chown -R postgres $folder }
    $port = Get-FreeTcpPort
    $data = Join-Path $folder 'data'
    Invoke-PgTool initdb @('-D', $data, '-A', 'scram-sha-256', "--pwfile=$(Join-Path $folder 'pw')", '-U', 'postgres', '--no-sync')
    $server = [pscustomobject]@{
        Folder = $folder; Data = $data; Port = $port; Role = 'smo_worker'
        Password = 'Planted-PG-Pa55word-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        SuperPassword = $super; Database = 'smo_' + [guid]::NewGuid().ToString('N').Substring(0, 10); Uri = $null
        Options = $options; RootCertificate = $rootCertificate
    }
    Start-TestPostgresServer $server
    $env:PGPASSWORD = $super
    try {
        & psql -h 127.0.0.1 -p $port -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE ROLE $($server.Role) LOGIN PASSWORD '$($server.Password)'" | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'CREATE ROLE failed.' }
        # CREATE DATABASE refuses to run inside a transaction block: on its own.
        & psql -h 127.0.0.1 -p $port -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $($server.Database) OWNER $($server.Role)" | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'CREATE DATABASE failed.' }
    }
    finally { Remove-Item Env:PGPASSWORD }
    # connect_timeout: on a loaded 2-core machine 16 pwsh processes opening connections at once need more than the default 15 s.
    $server.Uri = "postgresql://$($server.Role)@127.0.0.1:$port/$($server.Database)?sslmode=disable&connect_timeout=60"
    $server
}

function Start-TestPostgresServer {
    param([Parameter(Mandatory)] $Server)
    Invoke-PgTool pg_ctl @('-D', $Server.Data, '-l', (Join-Path $Server.Folder 'log'), '-o', "-p $($Server.Port) -k $($Server.Folder) -c listen_addresses=127.0.0.1$($Server.Options)", '-w', '-t', '60', 'start')
}

function New-TestPostgresStore {
    <#
    .SYNOPSIS
        A fresh, empty database on a test server, owned by its role, as the splat the store cmdlets take
        (StoreConnectionString with a small, quickly pruned pool, and StoreCredential).
    #>
    param([Parameter(Mandatory)] $Server)
    $name = 'smo_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $env:PGPASSWORD = $Server.SuperPassword
    try {
        & psql -h 127.0.0.1 -p $Server.Port -U postgres -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $name OWNER $($Server.Role)" | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'CREATE DATABASE failed.' }
    }
    finally { Remove-Item Env:PGPASSWORD }
    @{
        StoreConnectionString = "Host=127.0.0.1;Port=$($Server.Port);Database=$name;Username=$($Server.Role);SSL Mode=Disable;Maximum Pool Size=20;Connection Idle Lifetime=2;Connection Pruning Interval=1"
        StoreCredential       = [pscredential]::new($Server.Role, (ConvertTo-SecureString $Server.Password -AsPlainText -Force))
    }
}

function New-TestPostgresCertificate {
    <# A test CA and a server certificate issued by it for IP:127.0.0.1 only (so "localhost" is a wrong host name); returns the CA file. #>
    param([Parameter(Mandatory)][string] $Folder)
    New-Item -ItemType Directory -Path $Folder | Out-Null
    $ext = Join-Path $Folder 'server.ext'
    Set-Content -Path $ext -Value @('subjectAltName=IP:127.0.0.1', 'basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth')
    $steps = @(
        @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=SecureMailOps test CA', '-keyout', "$Folder/ca.key", '-out', "$Folder/ca.crt",
            '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'),
        @('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', "$Folder/server.key", '-out', "$Folder/server.csr"),
        @('x509', '-req', '-in', "$Folder/server.csr", '-CA', "$Folder/ca.crt", '-CAkey', "$Folder/ca.key", '-CAcreateserial', '-days', '2', '-out', "$Folder/server.crt", '-extfile', $ext))
    foreach ($step in $steps) {
        $output = & openssl @step 2>&1
        if ($LASTEXITCODE -ne 0) { throw "openssl $($step[0]) failed: $($output -join "`n")" }
    }
    # PostgreSQL refuses a key file that others can read.
    & chmod 600 "$Folder/server.key"
    Join-Path $Folder 'ca.crt'
}

function Stop-TestPostgres {
    <# Stops the server (-Immediate: as a crash would) and, unless -Keep, deletes its folder. #>
    param([Parameter(Mandatory)] $Server, [switch] $Immediate, [switch] $Keep)
    try { Invoke-PgTool pg_ctl @('-D', $Server.Data, '-m', $(if ($Immediate) { 'immediate' } else { 'fast' }), '-w', 'stop') } catch { Write-Verbose $_ }
    if (-not $Keep) { Remove-Item -Recurse -Force $Server.Folder -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-TestPostgres, Start-TestPostgresServer, Stop-TestPostgres, New-TestPostgresStore
