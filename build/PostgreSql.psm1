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
        (empty, owned by the role); Uri is the postgresql:// URI without the password.
    #>
    if (-not (Test-Path (Join-Path $script:Bin 'initdb'))) { throw 'PostgreSQL 15 is not installed: apt-get install postgresql.' }
    $folder = Join-Path ([IO.Path]::GetTempPath()) ("smo-pg-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    $super = 'super-' + [guid]::NewGuid().ToString('N')
    Set-Content -Path (Join-Path $folder 'pw') -Value $super
    if ([Environment]::UserName -eq 'root') { & /bin/chown -R postgres $folder }
    $port = Get-FreeTcpPort
    $data = Join-Path $folder 'data'
    Invoke-PgTool initdb @('-D', $data, '-A', 'scram-sha-256', "--pwfile=$(Join-Path $folder 'pw')", '-U', 'postgres', '--no-sync')
    $server = [pscustomobject]@{
        Folder = $folder; Data = $data; Port = $port; Role = 'smo_worker'
        Password = 'Planted-PG-Pa55word-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        SuperPassword = $super; Database = 'smo_' + [guid]::NewGuid().ToString('N').Substring(0, 10); Uri = $null
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
    $server.Uri = "postgresql://$($server.Role)@127.0.0.1:$port/$($server.Database)?sslmode=disable"
    $server
}

function Start-TestPostgresServer {
    param([Parameter(Mandatory)] $Server)
    Invoke-PgTool pg_ctl @('-D', $Server.Data, '-l', (Join-Path $Server.Folder 'log'), '-o', "-p $($Server.Port) -k $($Server.Folder) -c listen_addresses=127.0.0.1", '-w', '-t', '60', 'start')
}

function Stop-TestPostgres {
    <# Stops the server (-Immediate: as a crash would) and, unless -Keep, deletes its folder. #>
    param([Parameter(Mandatory)] $Server, [switch] $Immediate, [switch] $Keep)
    try { Invoke-PgTool pg_ctl @('-D', $Server.Data, '-m', $(if ($Immediate) { 'immediate' } else { 'fast' }), '-w', 'stop') } catch { Write-Verbose $_ }
    if (-not $Keep) { Remove-Item -Recurse -Force $Server.Folder -ErrorAction SilentlyContinue }
}

Export-ModuleMember -Function Start-TestPostgres, Start-TestPostgresServer, Stop-TestPostgres
