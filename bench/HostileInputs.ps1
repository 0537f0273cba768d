<#
.SYNOPSIS
    Measures what the hostile inputs of issue 15 cost beyond a bare run, each in a fresh pwsh.

.DESCRIPTION
    Every case runs in its own `pwsh -NoProfile` process under /usr/bin/time (wall seconds, CPU seconds
    (user + system) and peak resident memory), interleaved with the bare run (start, Import-Module, exit) so machine noise hits
    all alike; medians of -Runs runs, and the difference from the bare run. On a shared machine wall
    time mostly measures the other processes; CPU time is what the run itself cost. The target (issue 15): each
    hostile input ends, in a clear error or in results, within 1 s and 200 MB beyond the bare run.
    Also measures the whole call the Invoke-SecurityPolicy help quotes: 100,000 accounts from JSON Lines
    against the baseline, in a fresh process, import and policy load included.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [int] $Runs = 3,
    [int] $Accounts = 100000
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
if (-not (Test-Path /usr/bin/time)) { throw '/usr/bin/time is needed (Debian package time).' }

$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$exe, $pre = if (Test-Path $pwshDll) { 'dotnet', @($pwshDll) } else { (Get-Process -Id $PID).Path, @() }
$tmp = Join-Path ([IO.Path]::GetTempPath()) ('smo-hostile-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $tmp | Out-Null

try {
    # The 403-byte alias bomb (seven levels of ten aliases, about 12 million nodes) and three of them.
    $bomb = [Text.StringBuilder]::new("id: bomb1@example.com`na: &a [x, x, x, x, x, x, x, x, x, x]`n")
    foreach ($i in 1..6) {
        $previous = if ($i -eq 1) { '*a' } else { "*b$($i - 1)" }
        [void]$bomb.Append("b${i}: &b$i [").Append((@($previous) * 10) -join ', ').Append("]`n")
    }
    $bombFile = Join-Path $tmp 'bomb.yaml'
    [IO.File]::WriteAllText($bombFile, $bomb.ToString())
    $threeFile = Join-Path $tmp 'three.yaml'
    [IO.File]::WriteAllText($threeFile, ((@($bomb.ToString()) * 3) -join "---`n"))

    # The catastrophic regex, over 40 hostile records and over 100,000.
    $regexPolicy = Join-Path $tmp 'regex.yaml'
    Set-Content -Path $regexPolicy -Encoding utf8NoBOM -Value @'
apiVersion: securemailops/v1
kind: SecurityPolicy
metadata:
  name: regex
spec:
  rules:
    - id: RX-1
      title: address is in example.com
      severity: high
      practice: 2
      target: Account
      condition: { field: email, match: '^([a-z0-9]+)+@example\.com$' }
      remediation: fix the address
'@
    function Write-Hostile([string] $path, [int] $count) {
        $w = [IO.StreamWriter]::new($path)
        try {
            foreach ($i in 0..($count - 1)) { $w.WriteLine('{"kind":"Account","id":"u' + $i + '","email":"' + ('a' * (30 + $i % 10)) + '!@example.com"}') }
        } finally { $w.Dispose() }
    }
    $regex40 = Join-Path $tmp 'regex40.jsonl'; Write-Hostile $regex40 40
    $regex100k = Join-Path $tmp 'regex100k.jsonl'; Write-Hostile $regex100k 100000

    # 100,000 ordinary accounts for the help's claim.
    $accountsFile = Join-Path $tmp 'accounts.jsonl'
    $w = [IO.StreamWriter]::new($accountsFile)
    try {
        foreach ($i in 0..($Accounts - 1)) {
            $mfa = if ($i % 7 -eq 0) { 'false' } else { 'true' }
            $w.WriteLine('{"kind":"Account","id":"user' + $i + '@example.com","type":"user","mfa":{"enabled":' + $mfa + ',"methods":["totp"]},"password":{"length":' + (8 + $i % 10) + ',"lastChanged":"2026-01-15"},"training":{"completed":"2026-03-01"},"backupCodes":{"generated":true}}')
        }
    } finally { $w.Dispose() }

    $import = "Import-Module '$ModulePath' -ErrorAction Stop"
    $cases = [ordered]@{
        'bare run (start, Import-Module, exit)' = "$import; exit 0"
        'Invoke-SecurityPolicy -Path bomb.yaml (403 bytes)' = "$import; Invoke-SecurityPolicy -Path '$bombFile' -ErrorAction SilentlyContinue | Out-Null; exit 0"
        '$x = Import-SecurityInventory three.yaml (1.2 KB)' = "$import; `$x = Import-SecurityInventory -Path '$threeFile' -ErrorAction SilentlyContinue; exit 0"
        'Invoke-SecurityPolicy -Policy regex.yaml -Path regex40.jsonl' = "$import; Invoke-SecurityPolicy -Policy '$regexPolicy' -Path '$regex40' | Out-Null; exit 0"
        'Invoke-SecurityPolicy -Policy regex.yaml -Path regex100k.jsonl' = "$import; Invoke-SecurityPolicy -Policy '$regexPolicy' -Path '$regex100k' | Out-Null; exit 0"
        "Invoke-SecurityPolicy -Path accounts.jsonl -Outcome Fail ($Accounts accounts, baseline)" = "$import; Invoke-SecurityPolicy -Path '$accountsFile' -AsOf 2026-06-01 -Outcome Fail | Measure-Object | Out-Null; exit 0"
    }

    $results = @{}
    foreach ($name in $cases.Keys) { $results[$name] = [Collections.Generic.List[object]]::new() }
    foreach ($run in 1..$Runs) {
        foreach ($name in $cases.Keys) {
            $report = Join-Path $tmp 'time.txt'
            & /usr/bin/time -f '%e %U %S %M' -o $report $exe @pre -NoProfile -NonInteractive -Command $cases[$name] | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Run failed: $name" }
            $seconds, $user, $system, $kb = (Get-Content $report -Tail 1) -split ' '
            $results[$name].Add([pscustomobject]@{ Seconds = [double]$seconds; Cpu = [double]$user + [double]$system; MB = [double]$kb / 1024 })
        }
    }

    function Get-Median($values) { $sorted = @($values | Sort-Object); $sorted[[int][math]::Floor($sorted.Count / 2)] }
    $bareName = @($cases.Keys)[0]
    $bareSeconds = Get-Median $results[$bareName].Seconds
    $bareCpu = Get-Median $results[$bareName].Cpu
    $bareMB = Get-Median $results[$bareName].MB
    Write-Host ("Medians of {0} runs, each in a fresh pwsh; differences against the bare run." -f $Runs)
    Write-Host '| Case | Wall | CPU (user+sys) | Peak RSS | Beyond the bare run: wall, CPU, memory |'
    Write-Host '|---|---|---|---|---|'
    foreach ($name in $cases.Keys) {
        $s = Get-Median $results[$name].Seconds
        $c = Get-Median $results[$name].Cpu
        $m = Get-Median $results[$name].MB
        Write-Host ('| {0} | {1:N2} s | {2:N2} s | {3:N0} MB | {4:+0.00;-0.00} s, {5:+0.00;-0.00} s, {6:+0;-0} MB |' -f $name, $s, $c, $m, ($s - $bareSeconds), ($c - $bareCpu), ($m - $bareMB))
    }
}
finally {
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}
