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
    # Pinned, the self-signed certificate is trusted by its SHA-256; unpinned, nothing vouches for it.
    foreach ($probe in @(
            @{ Label = 'probed with the certificate pinned'; Pin = @($server.CertificatePin) }
            @{ Label = 'probed without a pin'; Pin = @() })) {
        $pinArgs = if ($probe.Pin) { @{ CertificatePin = $probe.Pin } } else { @{} }
        $record = Test-SmtpServer -Server localhost -Port $server.SmtpPort @pinArgs
        Write-Host ("  {0} ({1}): TLS {2}, certificate valid: {3}, AUTH offered before TLS: {4}" -f $record.Id, $probe.Label, $record.Tls.Version, $record.Tls.CertificateValid, $record.AuthBeforeTls)
        $record | Invoke-SecurityPolicy | Where-Object { "$($_.Outcome)" -ne 'NotApplicable' } | ForEach-Object {
            Write-Host ("      {0,-11} {1,-5} [{2}] {3}" -f $_.RuleId, $_.Outcome, $_.Severity, $_.Reason)
        }
    }
}
finally {
    Stop-Smtp4dev $server
}
