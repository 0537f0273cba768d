<#
.SYNOPSIS
    Runs the Pester suite against the built module and writes the pass/fail counts for build.ps1.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $ToolModules,
    [Parameter(Mandatory)][string] $SummaryPath,
    [string] $Filter = ''
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'

$env:PSModulePath = $ToolModules + [IO.Path]::PathSeparator + $env:PSModulePath
# Test files import the module from here; child pwsh processes inherit it.
$env:SECUREMAILOPS_TEST_MODULE = (Resolve-Path $ModulePath).Path
$env:SECUREMAILOPS_TOOL_MODULES = $ToolModules
Import-Module Pester -RequiredVersion 5.7.1 -Force

$files = @(Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | Where-Object { -not $Filter -or $_.Name -match $Filter })
if ($files.Count -eq 0) {
    throw "No Pester test file name matches the regular expression '$Filter'."
}
$config = New-PesterConfiguration
$config.Run.Path = @($files.FullName)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$config.Should.ErrorAction = 'Continue'
$result = Invoke-Pester -Configuration $config

# A container that failed to run (syntax error, BeforeAll failure) counts as failed too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath -Encoding utf8NoBOM
Write-Host ("Pester totals - passed {0}, failed {1}, skipped {2}" -f $result.PassedCount, $failed, $result.SkippedCount)
exit ([int]($failed -gt 0))
