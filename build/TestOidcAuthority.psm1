<#
.SYNOPSIS
    Starts and stops the local OpenID Connect authority (tests/SecureMailOps.TestOidcAuthority) as a process for
    Pester tests: loopback HTTPS with a throw-away test CA, client credentials (secret, certificate assertion),
    device code, short-lived tokens. Its CA is written to a PEM file that tests hand to child processes as
    SSL_CERT_FILE; nothing else trusts it.
#>
Set-StrictMode -Version Latest

function Start-TestOidcAuthority {
    <#
    .SYNOPSIS
        Starts the authority; returns Port, Authority (https://127.0.0.1:port/tenant/), CaPath, Tenant and Process.
    .EXAMPLE
        $idp = Start-TestOidcAuthority -Arguments '--secret', 'app-id:s3cret', '--lifetime', '5'
    #>
    [CmdletBinding()]
    param([string[]] $Arguments = @(), [string] $Tenant = 'contoso.onmicrosoft.com', [int] $TimeoutSeconds = 60)
    $root = Split-Path $PSScriptRoot -Parent
    $dll = Get-ChildItem (Join-Path $root 'tests' 'SecureMailOps.TestOidcAuthority' 'bin' '*' 'net10.0' 'SecureMailOps.TestOidcAuthority.dll') -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1 -ExpandProperty FullName
    if (-not $dll) { throw 'The test OIDC authority is not built (run build.ps1 Build).' }
    $out = [IO.Path]::GetTempFileName()
    $ca = [IO.Path]::ChangeExtension($out, '.ca.pem')
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($dll, '--tenant', $Tenant, '--ca-out', $ca) + $Arguments) -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError "$out.err"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $line = Get-Content $out -TotalCount 1 -ErrorAction SilentlyContinue
        if ($line -match '^PORT (\d+)$') { break }
        if ($process.HasExited) { throw "The test OIDC authority exited: $(Get-Content -Raw "$out.err" -ErrorAction SilentlyContinue)" }
        if ([DateTime]::UtcNow -gt $deadline) { Stop-Process -Id $process.Id -Force; throw 'The test OIDC authority did not start.' }
        Start-Sleep -Milliseconds 100
    }
    $port = [int]$Matches[1]
    [pscustomobject]@{
        Port = $port; Tenant = $Tenant; Authority = "https://127.0.0.1:$port/$Tenant/"; CaPath = $ca
        Process = $process; OutputPath = $out
    }
}

function Stop-TestOidcAuthority {
    <# Stops an authority from Start-TestOidcAuthority by its PID and removes its files. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Authority)
    process {
        if (-not $Authority.Process.HasExited) {
            Stop-Process -Id $Authority.Process.Id -Force -ErrorAction SilentlyContinue
            $null = $Authority.Process.WaitForExit(10000)
        }
        Remove-Item -Force $Authority.OutputPath, "$($Authority.OutputPath).err", $Authority.CaPath -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Start-TestOidcAuthority, Stop-TestOidcAuthority
