<#
.SYNOPSIS
    Reports end to end (issue 17): for N accounts x the shipped baseline, the evaluation alone
    (Invoke-SecurityPolicy -Summary), the evaluation with every finding written to the pipeline and
    dropped ($null = Invoke-SecurityPolicy), the evaluation with all six formats written in one pass
    (| Export-SecurityReport), the same six formats written by the evaluation itself
    (Invoke-SecurityPolicy -ReportPath: no finding goes through the pipeline), the issue's reference pipeline (-Outcome Fail | Group-Object), all in
    the same run, and the HTML report opened in headless Chromium: the whole --dump-dom process, and
    over DevTools the seconds from navigation to first contentful paint, to the load event, and to the
    end of the first filter change made after it (every row parsed and filtered).
    PSRule is not measured: it is not served here (see docs/benchmarks.md).
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Accounts = 100000,
    [int] $Runs = 2
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Child pwsh processes import the module too, so they need the full path, not one relative to this process.
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'pester' 'ChromiumDevTools.psm1') -Force
$work = Join-Path ([IO.Path]::GetTempPath()) ('smo-bench-reports-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
try {
    $inventory = Join-Path $work 'accounts.jsonl'
    $writer = [IO.StreamWriter]::new($inventory)
    try {
        for ($i = 0; $i -lt $Accounts; $i++) {
            $mfa = if ($i % 3 -eq 0) { 'false' } else { 'true' }
            $writer.WriteLine('{"kind":"Account","id":"user' + $i + '@example.com","type":"user","mfa":{"enabled":' + $mfa + ',"methods":["totp"],"backupCodes":{"generated":true,"storedSecurely":' + $mfa + '}},"password":{"lastChanged":"2026-01-01","length":' + (8 + $i % 12) + ',"reused":false,"breached":false},"sharedCredentials":false,"delegates":[],"monitoring":{"alertsEnabled":true,"lastReviewed":"2026-05-01"},"training":{"lastCompleted":"2026-01-01","incidentReportingKnown":true},"backup":{"lastBackup":"2026-05-30"}}')
        }
    }
    finally { $writer.Dispose() }
    $asOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
    $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary   # warm-up
    $rows = foreach ($run in 1..$Runs) {
        $out = Join-Path $work "report-$run"
        New-Item -ItemType Directory -Path $out | Out-Null
        $summaryTime = (Measure-Command { $script:s = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Summary }).TotalSeconds
        $emitTime = (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf }).TotalSeconds
        $groupTime = (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -Outcome Fail | Group-Object RuleId }).TotalSeconds
        $exportTime = (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf | Export-SecurityReport -Path $out }).TotalSeconds
        $engineOut = Join-Path $work "engine-$run"
        New-Item -ItemType Directory -Path $engineOut | Out-Null
        $engineTime = (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -ReportPath $engineOut }).TotalSeconds
        $engineAllTime = (Measure-Command { $null = Invoke-SecurityPolicy -Path $inventory -AsOf $asOf -ReportPath $engineOut -ReportIncludePass }).TotalSeconds
        $engineSizes = Get-ChildItem $engineOut | ForEach-Object { '{0}={1:N0}MB' -f $_.Extension, ($_.Length / 1MB) }
        Remove-Item -Recurse -Force $engineOut
        $html = Join-Path $out 'security-report.html'
        $chromium = Get-Command chromium -ErrorAction SilentlyContinue
        $open = if ($chromium) {
            $profileDir = Join-Path $work "chrome-$run"
            (Measure-Command { $null = & $chromium.Source --headless=new --no-sandbox --disable-gpu "--user-data-dir=$profileDir" '--host-resolver-rules=MAP * ~NOTFOUND' --dump-dom ('file://' + $html) 2>$null }).TotalSeconds
        } else { [double]::NaN }
        # After the load event: the first filter change (every row parsed, if the page has not yet, then filtered and
        # the first page rendered), timed by the page's own clock from the navigation.
        $firstFilter = "(function () { var s = document.getElementById('f-outcome'); s.value = 'all'; s.dispatchEvent(new Event('change')); return performance.now() / 1000; })()"
        $page = if ($chromium) { Open-ChromiumPage -Chromium $chromium.Source -Uri ('file://' + $html) -ProfileDirectory (Join-Path $work "devtools-$run") -Evaluate $firstFilter } else { $null }
        $sizes = Get-ChildItem $out | ForEach-Object { '{0}={1:N0}MB' -f $_.Extension, ($_.Length / 1MB) }
        [pscustomobject]@{
            Run = $run; Findings = $script:s.Counts.Total; SummaryS = [Math]::Round($summaryTime, 2); OutcomeFailGroupS = [Math]::Round($groupTime, 2)
            FindingsEmittedS = [Math]::Round($emitTime, 2)
            SixFormatsS = [Math]::Round($exportTime, 2); ExtraOverEvaluation = [Math]::Round(($exportTime - $summaryTime) / $summaryTime, 2)
            ExtraOverEmitted = [Math]::Round(($exportTime - $emitTime) / $emitTime, 2)
            ReportPathS = [Math]::Round($engineTime, 2); ReportPathExtraOverEvaluation = [Math]::Round(($engineTime - $summaryTime) / $summaryTime, 2)
            ReportPathIncludePassS = [Math]::Round($engineAllTime, 2); ReportPathIncludePassExtraOverEvaluation = [Math]::Round(($engineAllTime - $summaryTime) / $summaryTime, 2)
            ReportPathSizes = $engineSizes -join ' '
            ChromiumDumpDomS = [Math]::Round($open, 2)
            ChromiumFirstPaintS = if ($page) { [Math]::Round($page.FirstContentfulPaintSeconds, 2) } else { [double]::NaN }
            ChromiumLoadEventS = if ($page) { [Math]::Round($page.LoadSeconds, 2) } else { [double]::NaN }
            ChromiumFirstFilterDoneS = if ($page) { [Math]::Round([double]$page.EvaluateResult, 2) } else { [double]::NaN }
            Sizes = $sizes -join ' '
        }
        Remove-Item -Recurse -Force $out
    }
    $rows | Format-List | Out-Host
    $load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3
    Write-Host ("Load average after the run (1, 5, 15 min): {0}" -f ($load -join ' '))
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
