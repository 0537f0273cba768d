# Emailed one-time codes: send a code through a local smtp4dev (STARTTLS, authentication, pinned
# certificate), read the mail back as the user would, confirm the code, and show a second use refused.
Import-Module (Join-Path $PSScriptRoot '..' 'build' 'Smtp4dev.psm1') -Force
$server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'demo=demo-password'
$store = Join-Path ([IO.Path]::GetTempPath()) ("smo-demo-" + [guid]::NewGuid().ToString('n')) 'state.db'
try {
    $credential = [pscredential]::new('otp@example.com', (ConvertTo-SecureString 'demo-password' -AsPlainText -Force))
    $smtp = New-SmtpProfile -Server localhost -Port $server.SmtpPort -Credential $credential -CertificatePin $server.CertificatePin

    Write-Host "Sending a sign-in code to alice@example.com (the code itself is never output):"
    $challenge = Send-OtpChallenge -To 'alice@example.com' -Profile $smtp -Purpose 'sign-in' -StorePath $store
    $challenge | Format-List | Out-Host

    # What Alice sees in her mailbox; the demo reads it through smtp4dev's REST API.
    $mail = Wait-Smtp4devMessage -Server $server -Count 1 -Raw | Select-Object -First 1
    $code = if ($mail.Raw -match '(?m)^\s+(\d{7,10})\s*$') { $Matches[1] } else { throw 'The mail carried no code.' }
    Write-Host "Alice received a mail titled '$($mail.subject)' and types the $($code.Length)-digit code it carries."

    Write-Host 'First confirmation:'
    Confirm-OtpChallenge -ChallengeId $challenge.ChallengeId -Code $code -Purpose 'sign-in' -StorePath $store | Format-Table | Out-Host
    Write-Host 'The same code again (refused: codes work once):'
    Confirm-OtpChallenge -ChallengeId $challenge.ChallengeId -Code $code -Purpose 'sign-in' -StorePath $store | Format-Table | Out-Host

    Write-Host 'What the activity log recorded (practice 8):'
    Get-OtpActivity -To 'alice@example.com' -StorePath $store | Format-Table Time, Outcome, Detail | Out-Host
}
finally {
    Stop-Smtp4dev $server
    Remove-Item -Recurse -Force (Split-Path $store) -ErrorAction SilentlyContinue
}
