<#
.SYNOPSIS
    Issue 17: Invoke-SecurityPolicy -Summary against PSRule's Invoke-PSRule -As Summary over the same
    records, the same ten rules (bench/psrule/ten-rules.yaml and bench/psrule/TenRules.Rule.ps1), as JSON
    Lines and as a JSON file (target: -Summary at least 25x faster, for both).
.DESCRIPTION
    Each measurement is one fresh `pwsh -NoProfile` process, timed from outside (start to exit: the
    module import, reading, evaluating and summarising), net of a bare `pwsh -NoProfile` start measured
    in the same run; the process's own CPU time (all threads) is reported beside it, net of the bare
    start's, since on a shared machine it moves far less than the wall time. The measurements are interleaved (one of each per round), and each figure is the
    median of -Runs rounds. Every measurement also prints each rule's Pass and Fail counts, and the
    script stops if any path gives a count different from Invoke-SecurityPolicy's on the same records:
    the rules are checked for equivalence on every run, not only timed.

    PSRule paths measured (its own options as well as the pipeline the issue names):
      JSON Lines  pipe-objects   Get-Content x.jsonl | ConvertFrom-Json | Invoke-PSRule -As Summary
                  pipe-strings   Get-Content x.jsonl | Invoke-PSRule -Format Json -As Summary
                                 (PSRule parses each line itself)
      JSON file   pipe-objects   Get-Content -Raw x.json | ConvertFrom-Json | Invoke-PSRule -As Summary
                                 (ConvertFrom-Json enumerates the array, so the elements are piped)
                  input-path     Invoke-PSRule -InputPath x.json -Format Json -As Summary
    (`-InputPath x.jsonl -Format Json` is not a path at all: PSRule reads one JSON value per file and
    stops with "Additional text encountered after finished reading JSON content" at line 2, evaluating
    nothing; -CheckOnly runs it once and shows that.)
    With -ScreenRounds N (default 1), every PSRule path runs in the first N rounds and only the fastest
    path of each format in the later ones, to keep a 100k run within the time a shared machine allows.

    PSRule is not served by the package registries this project uses: pass the PSRule.psd1 of a PSRule
    module you have (docs/benchmarks.md, issue 17 section, says which build was measured).
    Inventories come from tests/tools/New-SourceDataSet.ps1 -Source EntraRegistration (seed 16): the
    native-contract accounts, as JSON Lines and as one top-level JSON array.
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/PSRule-Comparison.ps1 -ModulePath out/SecureMailOps/0.1.0/SecureMailOps.psd1 -PSRulePath <folder>/PSRule/PSRule.psd1 -Accounts 10000 -Runs 1
.EXAMPLE
    dotnet pwsh -NoProfile -File bench/PSRule-Comparison.ps1 -ModulePath out/SecureMailOps/0.1.0/SecureMailOps.psd1 -PSRulePath <folder>/PSRule/PSRule.psd1 -Accounts 100000 -Runs 3
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    # PSRule.psd1 to measure; by default the first PSRule module on PSModulePath. Without one the script
    # says so and measures nothing (PSRule is not served here, so build.ps1 Bench must not fail on it).
    [string] $PSRulePath,
    [int] $Accounts = 100000,
    [ValidateRange(1, 9)][int] $Runs = 3,
    # Only check that every path gives the same counts (one call each, untimed); no timing rounds.
    [switch] $CheckOnly,
    # Measure only these PSRule paths (names as in the description, e.g. 'jsonl/pipe-strings').
    [string[]] $PSRuleVariant,
    # Rounds in which every PSRule path runs; later rounds keep only the fastest one for each format.
    [ValidateRange(1, 9)][int] $ScreenRounds = 1
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$root = (Resolve-Path "$PSScriptRoot/..").Path
$module = (Resolve-Path $ModulePath).ProviderPath
if (-not $PSRulePath) {
    $found = Get-Module -ListAvailable -Name PSRule | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $found) {
        Write-Host 'PSRule-Comparison: no PSRule module given (-PSRulePath) or on PSModulePath; nothing measured. See docs/benchmarks.md, issue 17.'
        return
    }
    $PSRulePath = $found.Path
}
$psrule = (Resolve-Path $PSRulePath).ProviderPath
$policy = Join-Path $root 'bench' 'psrule' 'ten-rules.yaml'
$rules = Join-Path $root 'bench' 'psrule'
$generator = Join-Path $root 'tests' 'tools' 'New-SourceDataSet.ps1'
$tmp = Join-Path ([IO.Path]::GetTempPath()) ('smo-psrule-bench-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $tmp | Out-Null
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$pwsh, $pwshArgs = if (Test-Path $pwshDll) { 'dotnet', @($pwshDll) } else { (Get-Process -Id $PID).Path, @() }

# Each child prints one last line: the rules' counts as compact JSON ({"BENCH-1":{"Pass":n,"Fail":n,"Error":n},...}).
$printOurs = '$s.Rules | ForEach-Object -Begin { $h = [ordered]@{} } -Process { $h[$_.RuleId] = [ordered]@{ Pass = $_.Counts.Pass; Fail = $_.Counts.Fail; Error = $_.Counts.Error } } -End { $h | ConvertTo-Json -Compress }'
$printTheirs = '$s | ForEach-Object -Begin { $h = [ordered]@{} } -Process { $h[$_.RuleName] = [ordered]@{ Pass = $_.Pass; Fail = $_.Fail; Error = $_.Error } } -End { $h | ConvertTo-Json -Compress }'
$psruleCall = "Invoke-PSRule -Path '$rules' -As Summary -Culture en-US -WarningAction SilentlyContinue"

function Get-Script([string] $Name, [string] $Jsonl, [string] $Json) {
    $importOurs = "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$module'"
    $importTheirs = "`$ProgressPreference = 'SilentlyContinue'; Import-Module '$psrule'"
    $asOf = "-AsOf ([DateTimeOffset]'2026-06-01T00:00:00Z')"
    switch ($Name) {
        'bare' { '0' }
        'jsonl/ours-summary' { "$importOurs; `$s = Invoke-SecurityPolicy -Path '$Jsonl' -Policy '$policy' $asOf -Summary; $printOurs" }
        'json/ours-summary' { "$importOurs; `$s = Invoke-SecurityPolicy -Path '$Json' -Policy '$policy' $asOf -Summary; $printOurs" }
        # The issue's own reference for Invoke-SecurityPolicy (1.9 s there), measured again in the same run.
        'jsonl/ours-fail-group' { "$importOurs; `$g = Invoke-SecurityPolicy -Path '$Jsonl' -Policy '$policy' $asOf -Outcome Fail | Group-Object RuleId; `$g | ForEach-Object -Begin { `$h = [ordered]@{} } -Process { `$h[`$_.Name] = [ordered]@{ Fail = `$_.Count } } -End { `$h | ConvertTo-Json -Compress }" }
        'jsonl/pipe-objects' { "$importTheirs; `$s = Get-Content '$Jsonl' | ConvertFrom-Json | $psruleCall; $printTheirs" }
        'jsonl/pipe-strings' { "$importTheirs; `$s = Get-Content '$Jsonl' | $psruleCall -Format Json; $printTheirs" }
        'jsonl/input-path' { "$importTheirs; `$s = $psruleCall -InputPath '$Jsonl' -Format Json; $printTheirs" }
        'json/pipe-objects' { "$importTheirs; `$s = Get-Content -Raw '$Json' | ConvertFrom-Json | $psruleCall; $printTheirs" }
        'json/input-path' { "$importTheirs; `$s = $psruleCall -InputPath '$Json' -Format Json; $printTheirs" }
        default { throw "Unknown measurement '$Name'." }
    }
}

function Invoke-Child([string] $Name, [string] $Jsonl, [string] $Json) {
    # The child's last line is its own CPU time (every thread of the process, user and kernel): on a
    # machine shared with others it moves far less than the wall time does.
    $script = (Get-Script $Name $Jsonl $Json) + '; [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString([cultureinfo]::InvariantCulture)'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwsh @pwshArgs -NoProfile -NonInteractive -Command $script 2>&1
    $sw.Stop()
    if ($LASTEXITCODE -ne 0) { throw "$Name failed (exit $LASTEXITCODE): $($out -join "`n")" }
    $lines = @($out | Where-Object { $_ -is [string] } | Select-Object -Last 2)
    $counts = if ($Name -eq 'bare') { $null } else { $lines[0] | ConvertFrom-Json -AsHashtable }
    [pscustomobject]@{ Name = $Name; Seconds = $sw.Elapsed.TotalSeconds; Cpu = [double]::Parse($lines[-1], [cultureinfo]::InvariantCulture); Counts = $counts }
}

function Assert-SameCounts($Reference, $Result) {
    # Every rule of the reference (Invoke-SecurityPolicy -Summary) with the same Fail count, and the same
    # Pass count where the result has one; no rule missing, none extra, no PSRule errors.
    $name = $Result.Name
    # The -Outcome Fail | Group-Object path only names rules that failed somewhere: a rule it lacks failed 0 times.
    $ids = @($Reference.Counts.Keys)
    $got = @($Result.Counts.Keys)
    $failOnly = $Result.Name -like '*fail-group'
    $missing = @($ids | Where-Object { $_ -notin $got -and -not ($failOnly -and $Reference.Counts[$_].Fail -eq 0) })
    $extra = @($got | Where-Object { $_ -notin $ids })
    if ($missing -or $extra) { throw "$name`: rules missing [$($missing -join ', ')], rules extra [$($extra -join ', ')]." }
    foreach ($id in $ids) {
        $r = $Reference.Counts[$id]
        $c = if ($Result.Counts.Contains($id)) { $Result.Counts[$id] } else { @{ Fail = 0 } }
        if ($c.Fail -ne $r.Fail) { throw "$name`: $id has $($c.Fail) Fail, Invoke-SecurityPolicy -Summary has $($r.Fail)." }
        if ($c.Contains('Pass') -and $c.Pass -ne $r.Pass) { throw "$name`: $id has $($c.Pass) Pass, Invoke-SecurityPolicy -Summary has $($r.Pass)." }
        if ($c.Contains('Error') -and $c.Error -ne 0) { throw "$name`: $id has $($c.Error) Error." }
    }
}

function Get-LoadAverage {
    # The 1, 5 and 15 minute load averages: the machine is shared, so each run says how busy it was.
    if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg).Split(' ')[0..2]) -join ' ' } else { 'n/a' }
}

function Format-Counts($Result) {
    # Fail/evaluated per rule; the -Outcome Fail path has Fail counts only.
    ($Result.Counts.Keys | ForEach-Object {
            $c = $Result.Counts[$_]
            if ($c.Contains('Pass')) { '{0} {1}/{2}' -f $_, $c.Fail, ($c.Fail + $c.Pass) } else { '{0} {1}' -f $_, $c.Fail }
        }) -join ', '
}

try {
    $data = Join-Path $tmp 'data'
    $null = & $generator -OutputFolder $data -Count $Accounts -Source EntraRegistration
    $jsonl = Join-Path $data 'entra-native.jsonl'
    $json = Join-Path $data 'entra-native.json'
    # The same records as one top-level JSON array, one record a line.
    & (Join-Path $root 'tests' 'tools' 'ConvertTo-JsonArrayFile.ps1') -Path $jsonl -Destination $json
    $load = Get-LoadAverage
    Write-Host ("{0:N0} accounts: JSON Lines {1:N1} MB, JSON array {2:N1} MB. {3} cores, shared; load average at start {4}." -f
        $Accounts, ((Get-Item $jsonl).Length / 1MB), ((Get-Item $json).Length / 1MB), [Environment]::ProcessorCount, $load)
    Write-Host ("PSRule {0} from {1}" -f (Import-PowerShellDataFile $psrule).ModuleVersion, $psrule)

    $theirs = @('jsonl/pipe-objects', 'jsonl/pipe-strings', 'json/pipe-objects', 'json/input-path')
    if ($PSRuleVariant) { $wanted = @($PSRuleVariant -split ','); $theirs = @($theirs | Where-Object { $_ -in $wanted }) }
    $order = @('bare', 'jsonl/ours-summary', 'jsonl/ours-fail-group', 'json/ours-summary') + $theirs

    if ($CheckOnly) {
        $reference = Invoke-Child 'jsonl/ours-summary' $jsonl $json
        Write-Host ("  jsonl/ours-summary: {0}" -f (Format-Counts $reference))
        foreach ($name in @('json/ours-summary', 'jsonl/ours-fail-group') + $theirs + 'jsonl/input-path') {
            $r = Invoke-Child $name $jsonl $json
            try { Assert-SameCounts $reference $r; $verdict = 'same counts' } catch { $verdict = "DIFFERENT: $($_.Exception.Message)" }
            Write-Host ("  {0}: {1} ({2:N1} s)`n      {3}" -f $name, $verdict, $r.Seconds, (Format-Counts $r))
        }
        return
    }

    $median = {
        param($list, [string] $Property = 'Seconds')
        $sorted = @($list.$Property | Sort-Object); $mid = [int][math]::Floor($sorted.Count / 2)
        if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
    }
    $results = @{}
    foreach ($name in $order) { $results[$name] = [Collections.Generic.List[object]]::new() }
    foreach ($round in 1..$Runs) {
        if ($round -eq $ScreenRounds + 1) {
            # Keep the fastest PSRule path of each format (by its median so far) for the remaining rounds.
            $keep = foreach ($format in 'jsonl', 'json') {
                $theirs | Where-Object { $_ -like "$format/*" } | Sort-Object { & $median $results[$_] } | Select-Object -First 1
            }
            Write-Host ("  after {0} screening round(s), PSRule paths kept: {1}" -f $ScreenRounds, ($keep -join ', '))
            $order = @($order | Where-Object { $_ -notin $theirs -or $_ -in $keep })
        }
        foreach ($name in $order) {
            $r = Invoke-Child $name $jsonl $json
            $results[$name].Add($r)
            Write-Host ("  round {0}: {1,-22} {2,8:N2} s, CPU {3,8:N2} s" -f $round, $name, $r.Seconds, $r.Cpu)
        }
        # Equivalence on every round: each path against Invoke-SecurityPolicy -Summary on the same file type.
        $reference = $results['jsonl/ours-summary'][$round - 1]
        foreach ($name in $order | Where-Object { $_ -ne 'bare' -and $_ -ne 'jsonl/ours-summary' }) { Assert-SameCounts $reference $results[$name][$results[$name].Count - 1] }
        Write-Host ("  round {0}: every path gave the same counts; load average {1}" -f $round, (Get-LoadAverage))
    }
    $bare = & $median $results['bare']
    $net = @{}
    $order = @($results.Keys | Sort-Object { [array]::IndexOf(@('bare', 'jsonl/ours-summary', 'jsonl/ours-fail-group', 'json/ours-summary') + $theirs, $_) })
    foreach ($name in $order) { $net[$name] = (& $median $results[$name]) - $bare }
    $bareCpu = & $median $results['bare'] 'Cpu'
    $netCpu = @{}
    foreach ($name in $order) { $netCpu[$name] = (& $median $results[$name] 'Cpu') - $bareCpu }
    $loadEnd = Get-LoadAverage
    Write-Host ("`nMedians of {0} interleaved rounds, wall time of a fresh pwsh, and net of the bare start ({1:N2} s). Load average at end {2}." -f $Runs, $bare, $loadEnd)
    Write-Host ("Counts (Fail/Total), the same on every path and round: {0}" -f (Format-Counts $results['jsonl/ours-summary'][0]))
    foreach ($name in $order | Where-Object { $_ -ne 'bare' }) {
        Write-Host ("  {0,-22} {1,8:N2} s net, median of {2}  [runs: {3}]; CPU {4:N2} s net of the bare start's {5:N2} s" -f $name, $net[$name], $results[$name].Count, (($results[$name].Seconds | ForEach-Object { $_.ToString('N2') }) -join ', '), $netCpu[$name], $bareCpu)
    }
    foreach ($format in 'jsonl', 'json') {
        $ours = $net["$format/ours-summary"]
        foreach ($name in $theirs | Where-Object { $_ -like "$format/*" }) {
            Write-Host ("  {0}: PSRule {1} {2:N2} s / Invoke-SecurityPolicy -Summary {3:N2} s = {4:N1}x wall (target >= 25x; PSRule median of {5}); CPU {6:N2} s / {7:N2} s = {8:N1}x" -f $format, $name, $net[$name], $ours, ($net[$name] / $ours), $results[$name].Count, $netCpu[$name], $netCpu["$format/ours-summary"], ($netCpu[$name] / $netCpu["$format/ours-summary"]))
        }
    }
}
finally {
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
