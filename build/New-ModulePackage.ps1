<#
.SYNOPSIS
    Packs a built module folder into a .nupkg, then proves it installs and imports from a local
    folder repository with PSResourceGet (Save-PSResource and Install-PSResource).

.DESCRIPTION
    The package is written by Publish-PSResource itself, so its layout is exactly what
    PSResourceGet expects. A temporary repository registration is used and removed again, and the
    install checks run in a scratch folder; only the .nupkg is left in -OutputDirectory.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModuleDirectory,
    [Parameter(Mandatory)][string] $OutputDirectory
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

Import-Module Microsoft.PowerShell.PSResourceGet
$manifest = Import-PowerShellDataFile (Join-Path $ModuleDirectory 'SecureMailOps.psd1')
$version = $manifest.ModuleVersion
New-Item -ItemType Directory -Force -Path $OutputDirectory | Out-Null
$OutputDirectory = (Resolve-Path $OutputDirectory).Path
Get-ChildItem $OutputDirectory -Filter "SecureMailOps.$version.nupkg" | Remove-Item

# Publish-PSResource wants the folder named after the module.
$scratch = Join-Path ([IO.Path]::GetTempPath()) ("smo-pack-" + [guid]::NewGuid().ToString('n'))
$source = Join-Path $scratch 'src' 'SecureMailOps'
New-Item -ItemType Directory -Force -Path $source | Out-Null
Copy-Item -Recurse (Join-Path $ModuleDirectory '*') $source

$repository = 'SecureMailOpsBuild' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $repository -Uri $OutputDirectory -Trusted
try {
    Publish-PSResource -Path $source -Repository $repository
    $package = Join-Path $OutputDirectory "SecureMailOps.$version.nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package." }

    # Save-PSResource into a folder, then import from there in a fresh process.
    $saved = Join-Path $scratch 'saved'
    New-Item -ItemType Directory -Force -Path $saved | Out-Null
    Save-PSResource -Name SecureMailOps -Version $version -Repository $repository -Path $saved -TrustRepository
    $savedManifest = Join-Path $saved 'SecureMailOps' $version 'SecureMailOps.psd1'
    if (-not (Test-Path $savedManifest)) { throw "Save-PSResource did not lay out $savedManifest." }

    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $probe = "Import-Module '$savedManifest' -ErrorAction Stop; (Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' -Hotp -Counter 0).Code"
    $result = if (Test-Path $pwshDll) { & dotnet $pwshDll -NoProfile -NonInteractive -Command $probe } else { & (Get-Process -Id $PID).Path -NoProfile -NonInteractive -Command $probe }
    if ($LASTEXITCODE -ne 0 -or ($result | Select-Object -Last 1) -ne '755224') { throw "The saved module did not import and run: $result" }

    Write-Host "Package: $package"
    Write-Host "Verified: Save-PSResource from a local folder repository, then Import-Module and Get-OtpCode in a fresh pwsh."
}
finally {
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $scratch -ErrorAction SilentlyContinue
}
