# One-time passwords: compute the current code for a secret, and the same code an authenticator app shows.
$secret = 'JBSWY3DPEHPK3PXP'
Write-Host "Current TOTP code for a demo secret (RFC 6238, SHA-1, 6 digits, 30 s):"
Get-OtpCode -Secret $secret | Format-Table | Out-Host
Write-Host "The RFC 6238 test vector at 2603-10-11T11:33:20Z (beyond 2038), 8 digits:"
Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' -Time '2603-10-11T11:33:20Z' -Digits 8 | Format-Table | Out-Host
