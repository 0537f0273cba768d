# Secure SMTP: start smtp4dev with STARTTLS and authentication (temporary folder, free ports), probe it,
# send a message with its self-signed certificate pinned, show the receipt, stop smtp4dev.
Import-Module (Join-Path $PSScriptRoot '..' 'build' 'Smtp4dev.psm1') -Force
$server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'demo=demo-password'
try {
    Write-Host "smtp4dev listens on localhost:$($server.SmtpPort) (STARTTLS); its certificate's SHA-256 is $($server.CertificatePin)."
    Write-Host ''
    Write-Host 'Test-SmtpServer: what the server offers, before and after TLS (no credentials, no mail):'
    Test-SmtpServer -Server localhost -Port $server.SmtpPort -CertificatePin $server.CertificatePin | Format-List | Out-Host

    $credential = [pscredential]::new('demo', (ConvertTo-SecureString 'demo-password' -AsPlainText -Force))
    $smtp = New-SmtpProfile -Server localhost -Port $server.SmtpPort -Credential $credential -CertificatePin $server.CertificatePin
    Write-Host 'The profile (the password is never shown):'
    $smtp | Format-Table | Out-Host

    Write-Host 'Send-SecureMail with the certificate pinned; the receipt:'
    Send-SecureMail -Profile $smtp -From 'SecureMailOps demo <demo@example.com>' -To 'you@example.com' -Subject 'Hello over verified TLS' `
        -Body 'Sent by Send-SecureMail: STARTTLS, pinned certificate, AUTH only after TLS.' -PassThru | Format-List | Out-Host

    Write-Host 'Without the pin the same self-signed certificate is refused:'
    try {
        Send-SecureMail -Server localhost -Port $server.SmtpPort -Credential $credential -From 'demo@example.com' -To 'you@example.com' -Subject 'x' -Body 'x'
    } catch {
        Write-Host ("  {0}: {1}" -f $_.FullyQualifiedErrorId, $_.Exception.Message)
    }

    $received = Wait-Smtp4devMessage -Server $server -Count 1
    Write-Host ''
    Write-Host ("smtp4dev received: '{0}' from {1} to {2}" -f $received.subject, $received.from, ($received.to -join ', '))
}
finally {
    Stop-Smtp4dev $server
}
