# Authenticator-app 2FA end to end: enroll an account (QR code in the terminal), verify its current
# code, and show that the same code is refused the second time. The state store is a temporary file.
$store = Join-Path ([IO.Path]::GetTempPath()) ("securemailops-demo-{0}.db" -f [guid]::NewGuid().ToString('N'))
try {
    Write-Host 'New-OtpSecret: 160 random bits for HMAC-SHA-1; the default view hides the secret:'
    $secret = New-OtpSecret
    $secret | Format-Table | Out-Host

    Write-Host 'New-OtpEnrollment -ShowQrCode: scan this with an authenticator app (demo account):'
    $enrollment = $secret | New-OtpEnrollment -Issuer 'SecureMailOps Demo' -AccountName 'alice@example.com' -ShowQrCode
    $enrollment | Format-Table | Out-Host

    $code = (Get-OtpCode -Secret $enrollment.Secret).Code
    Write-Host "The app now shows the current code; Test-OtpCode checks it for account alice@example.com:"
    Test-OtpCode -Secret $enrollment.Secret -Code $code -AccountId 'alice@example.com' -StorePath $store | Format-Table | Out-Host

    Write-Host 'The same code a second time (an attacker replaying it) is refused:'
    Test-OtpCode -Secret $enrollment.Secret -Code $code -AccountId 'alice@example.com' -StorePath $store | Format-Table | Out-Host

    Write-Host 'Backup codes: shown once, stored only as hashes, each accepted once:'
    $backup = New-OtpBackupCode -AccountId 'alice@example.com' -Count 3 -StorePath $store
    $backup | Format-Table | Out-Host
    Test-OtpBackupCode -AccountId 'alice@example.com' -Code $backup[0].Code -StorePath $store | Format-Table | Out-Host
    Test-OtpBackupCode -AccountId 'alice@example.com' -Code $backup[0].Code -StorePath $store | Format-Table | Out-Host
}
finally {
    foreach ($suffix in '', '-wal', '-shm') { Remove-Item -LiteralPath ($store + $suffix) -ErrorAction SilentlyContinue }
}
