<#
.SYNOPSIS
    Runs the demo steps (demo/NN-*.ps1) in one fresh session against the built module.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Scripts
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ModulePath -Force
foreach ($script in $Scripts -split ';') {
    Write-Host ''
    Write-Host ('=' * 78)
    Write-Host ("Demo: {0}" -f [IO.Path]::GetFileNameWithoutExtension($script))
    Write-Host ('=' * 78)
    & $script
}
exit 0
