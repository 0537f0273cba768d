# Shared helpers for the Pester suite. Import with: Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force

Set-StrictMode -Version Latest

function Get-TestModulePath {
    <# The built module's manifest, as set by Invoke-PesterSuite.ps1. #>
    if (-not $env:SECUREMAILOPS_TEST_MODULE) { throw 'SECUREMAILOPS_TEST_MODULE is not set: run the tests through build.ps1 Test.' }
    return $env:SECUREMAILOPS_TEST_MODULE
}

function Get-PwshCommandLine {
    <# The pwsh that runs the suite, as an executable plus leading arguments, to start fresh processes. #>
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $pwshDll) { return , @('dotnet', $pwshDll) }
    return , @((Get-Process -Id $PID).Path)
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a script block's text in a new pwsh -NoProfile process; returns stdout lines, and the
        exit code in $script:LastFreshExitCode. Used where the test needs a clean AppDomain.
    #>
    param([Parameter(Mandatory)][string] $Command)
    $cmd = Get-PwshCommandLine
    $exe = $cmd[0]
    $pre = @($cmd | Select-Object -Skip 1)
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("`$ErrorActionPreference = 'Stop'; `$PSStyle.OutputRendering = 'PlainText'; " + $Command))
    $output = & $exe @pre -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
    $script:LastFreshExitCode = $LASTEXITCODE
    return $output
}

function Get-LastFreshExitCode { $script:LastFreshExitCode }

function Assert-ExternalTool {
    <#
    .SYNOPSIS
        Returns the path of an external peer (oathtool, zbarimg, ...). Under CI=true a missing peer
        fails the test; elsewhere the caller marks the test skipped.
    #>
    param([Parameter(Mandatory)][string] $Name)
    $command = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($command) { return $command.Source }
    if ($env:CI -eq 'true') { throw "The external peer '$Name' is missing; .ci/run must install it." }
    return $null
}

Export-ModuleMember -Function Get-TestModulePath, Get-PwshCommandLine, Invoke-FreshPwsh, Get-LastFreshExitCode, Assert-ExternalTool
