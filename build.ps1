#Requires -Version 7.6
<#
.SYNOPSIS
    The one entry point for building, testing, demonstrating, benchmarking and packaging SecureMailOps.

.DESCRIPTION
    Tasks (run in the order given; with none, Build):
      Build    Assemble the importable module under out/SecureMailOps/<version>/.
      Test     Build, run the xunit engine tests and the Pester tests against the built module in a
               fresh pwsh; print "N passed, N failed" summed over both; exit non-zero on any failure.
      Demo     Build, then run the main job on embedded defaults (demo/*.ps1 in order).
      Bench    Build, run the BenchmarkDotNet engine benchmarks and the end-to-end scripts in bench/.
      Package  Build, then write a .nupkg that Install-PSResource/Save-PSResource accept from a local
               folder repository, and check that it installs and imports.
      Clean    Remove out/ and every bin/ and obj/ folder.
      Fuzz     Fuzz the policy loader, inventory readers and condition compiler with afl++ (SharpFuzz),
               -FuzzSeconds per target (-FuzzTarget to pick); time-boxed, not part of CI or Test.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean', 'Fuzz')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester only: run test files whose name matches (for example 'Otp').
    [string] $PesterFilter = '',

    # Bench only: BenchmarkDotNet --filter pattern; '*' runs them all.
    [string] $BenchFilter = '*',

    # Skip the xunit tests (inner-loop use while working on Pester tests).
    [switch] $SkipXunit,

    # Skip the Pester tests (inner-loop use while working on the engine).
    [switch] $SkipPester,

    # Fuzz only: seconds of afl-fuzz per target.
    [int] $FuzzSeconds = 120,

    # Fuzz only: the targets (policy-yaml, inventory-yaml, inventory-json, inventory-jsonl, inventory-csv, condition); all when omitted.
    [string[]] $FuzzTarget = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleName = 'SecureMailOps'
$Version = ([xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))).Project.PropertyGroup |
    ForEach-Object { $_.PSObject.Properties['ModuleVersion'] } | Where-Object { $_ } | Select-Object -First 1 -ExpandProperty Value
$ModuleDir = Join-Path $Out $ModuleName $Version
$ToolModules = Join-Path $Out 'modules'
$NuGetPackages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget' 'packages' }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Invoke-Native {
    # Runs a native command and stops the build when it fails, naming it.
    param([Parameter(Mandatory)][string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshCommand {
    # The pwsh this build runs under (the local .NET tool), to start fresh child processes.
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $pwshDll) { return @('dotnet', $pwshDll) }
    return @((Get-Process -Id $PID).Path)
}

function Invoke-Pwsh {
    # Runs a script file in a fresh pwsh with the tool modules first on PSModulePath.
    param([Parameter(Mandatory)][string] $File, [string[]] $ArgumentList = @())
    $cmd = Get-PwshCommand
    $exe = $cmd[0]
    $pre = @($cmd | Select-Object -Skip 1)
    & $exe @pre -NoProfile -NonInteractive -File $File @ArgumentList | Out-Host
    return $LASTEXITCODE
}

function Restore-ToolModules {
    # Pester comes from NuGet: PackageDownload fetches it, and its tools/ folder is the module root.
    $pester = Join-Path $ToolModules 'Pester' '5.7.1'
    $packages = Join-Path $Out 'packages'
    $stamp = Join-Path $packages ('tools-' + (Get-FileHash (Join-Path $Root 'build' 'tools' 'Tools.csproj')).Hash)
    if ((Test-Path (Join-Path $pester 'Pester.psd1')) -and (Test-Path $stamp)) { return }
    Write-Host '==> Restoring test tools (Pester 5.7.1, YamlDotNet 11.2.1) from NuGet'
    Invoke-Native dotnet @('restore', (Join-Path $Root 'build' 'tools' 'Tools.csproj'), '--packages', $packages, '-v', 'q')
    New-Item -ItemType Directory -Force -Path $pester | Out-Null
    Copy-Item -Recurse -Force (Join-Path $packages 'pester' '5.7.1' 'tools' '*') $pester
    New-Item -ItemType File -Force -Path $stamp | Out-Null
}

function Invoke-Build {
    Write-Host "==> Building $ModuleName $Version ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'SecureMailOps.sln'), '-c', $Configuration, '-v', 'q', '-nologo', '-clp:NoSummary;ErrorsOnly')

    # Assemble into a staging folder, then swap it in, so a failed build never leaves a half-written module.
    $staging = Join-Path $Out ".staging-$PID"
    if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
    $deps = Join-Path $staging 'dependencies'
    New-Item -ItemType Directory -Force -Path $deps | Out-Null

    # The engine and everything it needs go to dependencies/ (the module's own load context).
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src' 'SecureMailOps.Core' 'SecureMailOps.Core.csproj'),
        '-c', $Configuration, '-o', $deps, '--no-build', '-v', 'q', '-nologo')
    # The PostgreSQL store (net8.0, Npgsql) beside it, loaded by name on pwsh 7 when a store connection
    # string is used. Only files the engine does not already bring are copied: the engine's
    # netstandard2.0 dependencies stay the ones Windows PowerShell 5.1 loads too.
    $postgresOut = Join-Path $Out ".postgres-$PID"
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src' 'SecureMailOps.Postgres' 'SecureMailOps.Postgres.csproj'),
        '-c', $Configuration, '-o', $postgresOut, '--no-build', '-v', 'q', '-nologo')
    Get-ChildItem $postgresOut -Filter '*.dll' | Where-Object { -not (Test-Path (Join-Path $deps $_.Name)) } | Copy-Item -Destination $deps
    Remove-Item -Recurse -Force $postgresOut
    Get-ChildItem $deps -Filter '*.deps.json' | Remove-Item
    # A RID-less publish of a netstandard2.0 library leaves native libraries behind: bring SQLite's
    # for the platforms pwsh runs on, in the runtimes/<rid>/native layout the load context probes.
    $sqliteNative = Join-Path $NuGetPackages 'sqlitepclraw.lib.e_sqlite3' '2.1.11' 'runtimes'
    foreach ($rid in 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-x86', 'win-arm64') {
        $source = Join-Path $sqliteNative $rid 'native'
        if (Test-Path $source) {
            $target = Join-Path $deps 'runtimes' $rid 'native'
            New-Item -ItemType Directory -Force -Path $target | Out-Null
            Copy-Item (Join-Path $source '*') $target
        }
    }
    Get-ChildItem $deps -Filter '*.xml' | Remove-Item

    # The cmdlet assembly alone sits at the module root.
    $cmdletBin = Join-Path $Root 'src' 'SecureMailOps' 'bin' $Configuration 'netstandard2.0'
    foreach ($file in 'SecureMailOps.dll', 'SecureMailOps.pdb') {
        Copy-Item (Join-Path $cmdletBin $file) $staging
    }
    Copy-Item (Join-Path $Root 'src' 'SecureMailOps' 'Formats' '*.Format.ps1xml') $staging
    Copy-Item (Join-Path $Root 'src' 'SecureMailOps' 'Pester' '*.Tests.ps1') $staging

    $manifest = (Get-Content -Raw (Join-Path $Root "$ModuleName.psd1")).Replace('{{ModuleVersion}}', $Version)
    Set-Content -Path (Join-Path $staging "$ModuleName.psd1") -Value $manifest -Encoding utf8NoBOM

    Copy-Item -Recurse (Join-Path $Root 'policies') (Join-Path $staging 'policies')
    foreach ($extra in 'README.md', 'LICENSE') {
        $path = Join-Path $Root $extra
        if (Test-Path $path) { Copy-Item $path $staging }
    }

    # Help: MAML generated from docs/help/*.md against the real parameter metadata of the built cmdlets.
    $helpDir = Join-Path $staging 'en-US'
    New-Item -ItemType Directory -Force -Path $helpDir | Out-Null
    $code = Invoke-Pwsh -File (Join-Path $Root 'build' 'New-MamlHelp.ps1') -ArgumentList @(
        '-ModulePath', (Join-Path $staging "$ModuleName.psd1"),
        '-SourceDirectory', (Join-Path $Root 'docs' 'help'),
        '-OutputPath', (Join-Path $helpDir "$ModuleName.dll-Help.xml"))
    if ($code -ne 0) { throw "Help generation failed (exit code $code)." }
    Copy-Item (Join-Path $Root 'docs' 'help' 'about_SecureMailOps.help.txt') $helpDir

    if (Test-Path $ModuleDir) { Remove-Item -Recurse -Force $ModuleDir }
    New-Item -ItemType Directory -Force -Path (Split-Path $ModuleDir) | Out-Null
    Move-Item $staging $ModuleDir
    Write-Host "==> Module ready: $ModuleDir"
}

function Invoke-XunitTests {
    $results = Join-Path $Out 'test-results'
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    $passed = 0; $failed = 0
    # The engine; the cmdlet assembly's hosting code; the project's own analyzers (SMO1xxx).
    foreach ($project in 'SecureMailOps.Core.Tests', 'SecureMailOps.Hosting.Tests', 'SecureMailOps.Analyzers.Tests') {
        Write-Host "==> xunit: $project"
        $trx = Join-Path $results "$project.trx"
        if (Test-Path $trx) { Remove-Item $trx }
        & dotnet test (Join-Path $Root 'tests' $project "$project.csproj") `
            -c $Configuration --no-build -v q --nologo --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
        if (-not (Test-Path $trx)) { $failed++; continue }
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterTests {
    Write-Host '==> Pester: cmdlet tests against the built module in a fresh pwsh'
    Restore-ToolModules
    $summary = Join-Path $Out 'test-results' 'pester-summary.json'
    New-Item -ItemType Directory -Force -Path (Split-Path $summary) | Out-Null
    if (Test-Path $summary) { Remove-Item $summary }
    $code = Invoke-Pwsh -File (Join-Path $Root 'tests' 'pester' 'Invoke-PesterSuite.ps1') -ArgumentList @(
        '-ModulePath', (Join-Path $ModuleDir "$ModuleName.psd1"),
        '-ToolModules', $ToolModules,
        '-SummaryPath', $summary,
        '-Filter', $PesterFilter)
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1 } }
    $result = Get-Content -Raw $summary | ConvertFrom-Json
    if ($code -ne 0 -and $result.Failed -eq 0) { $result.Failed = 1 }
    return [pscustomobject]@{ Passed = [int]$result.Passed; Failed = [int]$result.Failed }
}

function Invoke-Test {
    Invoke-Build
    $passed = 0; $failed = 0
    if (-not $SkipXunit) { $x = Invoke-XunitTests; $passed += $x.Passed; $failed += $x.Failed }
    if (-not $SkipPester) { $p = Invoke-PesterTests; $passed += $p.Passed; $failed += $p.Failed }
    Write-Host ''
    Write-Host ('{0} passed, {1} failed' -f $passed, $failed)
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $scripts = Get-ChildItem (Join-Path $Root 'demo') -Filter '*.ps1' | Where-Object Name -NotLike '_*' | Sort-Object Name
    $code = Invoke-Pwsh -File (Join-Path $Root 'demo' '_Run-Demo.ps1') -ArgumentList @('-ModulePath', (Join-Path $ModuleDir "$ModuleName.psd1"), '-Scripts', ($scripts.FullName -join ';'))
    if ($code -ne 0) { exit $code }
}

function Invoke-Bench {
    Invoke-Build
    Restore-ToolModules
    foreach ($script in Get-ChildItem (Join-Path $Root 'bench') -Filter '*.ps1' | Sort-Object Name) {
        Write-Host "==> Bench script: $($script.Name)"
        $code = Invoke-Pwsh -File $script.FullName -ArgumentList @('-ModulePath', (Join-Path $ModuleDir "$ModuleName.psd1"))
        if ($code -ne 0) { throw "$($script.Name) failed (exit code $code)." }
    }
    Write-Host '==> BenchmarkDotNet: engine benchmarks'
    Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $Root 'bench' 'SecureMailOps.Benchmarks' 'SecureMailOps.Benchmarks.csproj'),
        '--', '--filter', $BenchFilter, '--artifacts', (Join-Path $Out 'bench'))
}

function Invoke-Package {
    Invoke-Build
    $code = Invoke-Pwsh -File (Join-Path $Root 'build' 'New-ModulePackage.ps1') -ArgumentList @(
        '-ModuleDirectory', $ModuleDir, '-OutputDirectory', (Join-Path $Out 'package'))
    if ($code -ne 0) { throw "Packaging failed (exit code $code)." }
}

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item -Recurse -Force $Out }
    Get-ChildItem $Root -Recurse -Directory -Include 'bin', 'obj' | Where-Object FullName -NotLike "*$([IO.Path]::DirectorySeparatorChar).git*" |
        Remove-Item -Recurse -Force
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
        'Fuzz' {
            $fuzzArgs = @{ Root = $Root; Seconds = $FuzzSeconds }
            if ($FuzzTarget.Count -gt 0) { $fuzzArgs.Target = $FuzzTarget }
            & (Join-Path $Root 'build' 'Invoke-Fuzz.ps1') @fuzzArgs
        }
    }
}
