# Security policy: evaluate the shipped 17-practice baseline on the example inventory and show what
# fails, grouped by practice. -AsOf pins the evaluation date so the example's dates do not drift.
$root = Split-Path $PSScriptRoot -Parent
$inventory = Join-Path $root 'examples' 'inventory.yaml'
$waivers = Join-Path $root 'examples' 'waivers.yaml'

Write-Host 'The shipped baseline:'
Get-SecurityPolicy | Format-Table | Out-Host

Write-Host "Evaluating it on $inventory (as of 2026-06-01, with the example waivers):"
$findings = Invoke-SecurityPolicy -Path $inventory -Waiver $waivers -AsOf '2026-06-01'
$findings | Group-Object { $_.Outcome } | Sort-Object Name | Format-Table Count, Name | Out-Host

$practices = @{}
Get-SecurityPractice | ForEach-Object { $practices[$_.Number] = $_.Title }
Write-Host 'Failures by practice:'
$findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error' } |
    ForEach-Object { $f = $_; $f.Practices | ForEach-Object { [pscustomobject]@{ Practice = $_; Finding = $f } } } |
    Group-Object Practice | Sort-Object { [int]$_.Name } | ForEach-Object {
        Write-Host ("  {0,2}. {1}" -f $_.Name, $practices[[int]$_.Name])
        foreach ($item in $_.Group) {
            Write-Host ("        [{0,-8}] {1} {2}: {3}" -f $item.Finding.Severity, $item.Finding.RuleId, $item.Finding.TargetName, $item.Finding.Reason)
        }
    }

Write-Host ''
Write-Host 'The CI gate (Assert-SecurityPolicy -FailOn Critical) on the same inventory:'
try {
    Assert-SecurityPolicy -Path $inventory -Waiver $waivers -AsOf '2026-06-01' -FailOn Critical -WarningAction SilentlyContinue
}
catch {
    Write-Host ($_.Exception.Message -split "`n" | Select-Object -First 1)
}

Write-Host ''
Write-Host 'Connections: Test-SmtpServer records evaluated by the same baseline (practice 9, secure connections).'
Import-Module (Join-Path $PSScriptRoot '..' 'build' 'Smtp4dev.psm1') -Force
$server = Start-Smtp4dev -TlsMode StartTls
try {
    # Pinned: the self-signed certificate is trusted by its SHA-256; not pinned: nothing vouches for it.
    $records = @(
        Test-SmtpServer -Server localhost -Port $server.SmtpPort -CertificatePin $server.CertificatePin
        Test-SmtpServer -Server localhost -Port $server.SmtpPort
    )
    $records | Format-Table | Out-Host
    $records | Invoke-SecurityPolicy |
        Sort-Object TargetName, RuleId | Format-Table RuleId, TargetName, Outcome, Severity, Reason -Wrap | Out-Host
}
finally {
    Stop-Smtp4dev $server
}
