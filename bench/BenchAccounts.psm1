# The accounts inventory the report benchmarks share: N accounts in the native contract as JSON Lines,
# every third without MFA, password lengths 8-19, so every rule of the account baseline has passes and failures.
function New-BenchAccountInventory {
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][int] $Accounts)
    $w = [IO.StreamWriter]::new($Path)
    try {
        for ($i = 0; $i -lt $Accounts; $i++) {
            $mfa = if ($i % 3 -eq 0) { 'false' } else { 'true' }
            $w.WriteLine('{"kind":"Account","id":"user' + $i + '@example.com","type":"user","mfa":{"enabled":' + $mfa + ',"methods":["totp"],"backupCodes":{"generated":true,"storedSecurely":' + $mfa + '}},"password":{"lastChanged":"2026-01-01","length":' + (8 + $i % 12) + ',"reused":false,"breached":false},"sharedCredentials":false,"delegates":[],"monitoring":{"alertsEnabled":true,"lastReviewed":"2026-05-01"},"training":{"lastCompleted":"2026-01-01","incidentReportingKnown":true},"backup":{"lastBackup":"2026-05-30"}}')
        }
    }
    finally { $w.Dispose() }
}
Export-ModuleMember -Function New-BenchAccountInventory
