# Reports: the baseline's findings on the example inventory, written once into all six formats
# (HTML, Markdown, JUnit, SARIF, JSON, CSV); then a second run against the first one's JSON report
# shows drift. Nothing is opened: the paths are printed.
$root = Split-Path $PSScriptRoot -Parent
$inventory = Join-Path $root 'examples' 'inventory.yaml'
$waivers = Join-Path $root 'examples' 'waivers.yaml'
$folder = Join-Path $root 'out' 'demo' 'report'
New-Item -ItemType Directory -Force -Path $folder | Out-Null

Write-Host "Writing the six report formats for $inventory in one pass:"
$summary = Invoke-SecurityPolicy -Path $inventory -Waiver $waivers -AsOf '2026-06-01' -WarningAction SilentlyContinue |
    Export-SecurityReport -Path $folder -Title 'Example organisation: mail security baseline' -SourceRoot $root -PassThru
Get-ChildItem $folder -File | Sort-Object Name | ForEach-Object { Write-Host ("  {0,-28} {1,9:N0} bytes  {2}" -f $_.Name, $_.Length, $_.FullName) }
$summary | Out-Host

Write-Host 'Failures by practice (from the same summary):'
$summary.ByPractice | Where-Object { $_.Counts.Failing -gt 0 } | Format-Table | Out-Host

Write-Host 'A later run, compared with the first one (-Baseline): the legacy relay is fixed, a new account fails.'
$later = Join-Path $root 'out' 'demo' 'inventory-later.yaml'
$text = (Get-Content -Raw $inventory).Replace('certificateValid: false', 'certificateValid: true')
$text = $text -replace '(?m)^devices:', "  - id: newhire@example.com`n    email: newhire@example.com`n    type: user`n    mfa: { enabled: false }`n`ndevices:"
Set-Content -Path $later -Value $text -Encoding utf8NoBOM
$drift = Invoke-SecurityPolicy -Path $later -Waiver $waivers -AsOf '2026-06-01' -WarningAction SilentlyContinue |
    Export-SecurityReport -Path (Join-Path $folder 'drift.html'), (Join-Path $folder 'drift.json') -Baseline (Join-Path $folder 'security-report.json') -PassThru
$drift.Drift | Format-Table | Out-Host
Write-Host "Open $(Join-Path $folder 'security-report.html') in a browser; it needs no network."
