<#
.SYNOPSIS
    Starts and stops the scripted loopback SMTP server (tests/SecureMailOps.TestSmtpServer) as a process, for
    Pester tests and bench scripts. It behaves, or fails in one chosen way (see its Program.cs for arguments).
#>
Set-StrictMode -Version Latest

function Start-TestSmtpServer {
    <#
    .SYNOPSIS
        Starts the scripted server with the given arguments; returns Port, Pin (SHA-256 of its certificate) and Process.
    .EXAMPLE
        $s = Start-TestSmtpServer -Arguments '--credentials', 'alice:secret', '--fault', 'RejectRecipient550'
    #>
    [CmdletBinding()]
    param([string[]] $Arguments = @(), [int] $TimeoutSeconds = 30)
    $root = Split-Path $PSScriptRoot -Parent
    # The newest build of either configuration (build.ps1 builds the whole solution in the one it was given).
    $dll = Get-ChildItem (Join-Path $root 'tests' 'SecureMailOps.TestSmtpServer' 'bin' '*' 'net10.0' 'SecureMailOps.TestSmtpServer.dll') -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1 -ExpandProperty FullName
    if (-not $dll) { throw 'The test SMTP server is not built (run build.ps1 Build).' }
    $out = [IO.Path]::GetTempFileName()
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($dll) + $Arguments) -PassThru -RedirectStandardOutput $out -RedirectStandardError "$out.err"
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $line = Get-Content $out -TotalCount 1 -ErrorAction SilentlyContinue
        if ($line -match '^PORT (\d+) PIN ([0-9A-F]{64})$') { break }
        if ($process.HasExited) { throw "The test SMTP server exited: $(Get-Content -Raw "$out.err" -ErrorAction SilentlyContinue)" }
        if ([DateTime]::UtcNow -gt $deadline) { Stop-Process -Id $process.Id -Force; throw 'The test SMTP server did not start.' }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject]@{ Port = [int]$Matches[1]; Pin = $Matches[2]; Process = $process; OutputPath = $out }
}

function Stop-TestSmtpServer {
    <# Stops a server from Start-TestSmtpServer by its PID. #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Server)
    process {
        if (-not $Server.Process.HasExited) {
            Stop-Process -Id $Server.Process.Id -Force -ErrorAction SilentlyContinue
            $null = $Server.Process.WaitForExit(10000)
        }
        Remove-Item -Force $Server.OutputPath, "$($Server.OutputPath).err" -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Start-TestSmtpServer, Stop-TestSmtpServer
