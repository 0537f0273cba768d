# Send-SecureMail and Test-SmtpServer against Postfix 3.7 (Debian postfix) with Dovecot SASL (Debian dovecot-core),
# a second real server that, unlike smtp4dev, checks passwords and refuses unknown recipients itself. The file
# starts its own private instance on free loopback ports (build/PostfixServer.psm1): STARTTLS required, a test CA
# and server certificate made here with openssl, AUTH only after TLS, mail delivered into maildirs under its
# temporary folder; it is stopped at the end. DKIM signatures are checked by an independent verifier, Debian's
# python3-dkim, on the message exactly as Postfix delivered it.
# Under CI=true a missing postfix, dovecot or python3-dkim fails these tests; elsewhere they are skipped.
BeforeDiscovery {
    Import-Module "$PSScriptRoot/../../build/PostfixServer.psm1" -Force
    $script:HavePostfix = (Test-PostfixAvailable) -and ((& id -u) -eq '0')
    $script:HaveDkim = (Test-Path '/usr/bin/python3') -and $(& /usr/bin/python3 -c 'import dkim' 2>$null; $LASTEXITCODE -eq 0)
    if ($env:CI -eq 'true' -and -not $script:HavePostfix) { throw 'postfix and dovecot-core must be installed (and the tests run as root) under CI: .ci/run installs them.' }
    if ($env:CI -eq 'true' -and -not $script:HaveDkim) { throw 'python3-dkim (/usr/bin/python3 -c "import dkim") must be installed under CI: .ci/run installs it.' }
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module "$PSScriptRoot/../../build/PostfixServer.psm1" -Force
    $script:Password = 'Pl4nted-Postfix-Passw0rd-8812'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('postfix-pester-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    if ((Test-PostfixAvailable) -and ((& id -u) -eq '0')) {
        $script:Server = Start-PostfixServer -Password $script:Password
        $script:Credential = [pscredential]::new($script:Server.User, (ConvertTo-SecureString $script:Password -AsPlainText -Force))
        $script:Profile = New-SmtpProfile -Server localhost -Port $script:Server.Port -Credential $script:Credential -CertificatePin $script:Server.Pin -TimeoutSeconds 20
    }
}

AfterAll {
    if (Get-Variable -Scope Script -Name Server -ValueOnly -ErrorAction SilentlyContinue) { Stop-PostfixServer $script:Server }
    Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue
}

Describe 'Test-SmtpServer against Postfix' -Skip:(-not $script:HavePostfix) {
    It 'reports the capabilities before TLS (STARTTLS, no AUTH) and after TLS (AUTH), and the test CA''s certificate' {
        $record = Test-SmtpServer -Profile $script:Profile
        $record.Reachable | Should -BeTrue
        $record.Banner | Should -Match 'mail\.example\.test ESMTP Postfix'
        $record.CapabilitiesBeforeTls | Should -Contain 'STARTTLS'
        $record.AuthBeforeTls | Should -BeFalse
        @($record.AuthMechanismsBeforeTls).Count | Should -Be 0
        @($record.AuthMechanismsAfterTls) | Should -Contain 'PLAIN'
        @($record.AuthMechanismsAfterTls) | Should -Contain 'LOGIN'
        $record.Capabilities | Should -Not -Contain 'STARTTLS'
        $record.Capabilities | Should -Contain 'PIPELINING'
        $record.Tls.Enabled | Should -BeTrue
        $record.Tls.Version | Should -BeIn @('1.2', '1.3')
        $record.Tls.Issuer | Should -Be 'CN=SecureMailOps Test CA'
        $record.Tls.PinMatch | Should -BeTrue
        $record.Tls.Sha256Fingerprint | Should -Be $script:Server.Pin
        $record.Error | Should -BeNullOrEmpty
    }
}

Describe 'Send-SecureMail through Postfix with Dovecot SASL' -Skip:(-not $script:HavePostfix) {
    It 'delivers a message with an attachment into the maildir, once' {
        Set-Content -Path (Join-Path $script:Work 'invoice.txt') -Value 'attachment for postfix 5150' -NoNewline
        $before = @(Get-PostfixDelivered -Server $script:Server -Mailbox 'bob@example.test').Count
        $receipt = Send-SecureMail -Profile $script:Profile -From 'alice@example.test' -To 'Bob <bob@example.test>' -Subject 'Postfix single' `
            -Body 'Hello through Postfix' -Attachment (Join-Path $script:Work 'invoice.txt') -PassThru
        $receipt.Status | Should -Be 'Delivered'
        @($receipt.AcceptedRecipients) | Should -Be @('bob@example.test')
        $receipt.ServerReply | Should -Match 'queued as'
        $delivered = @(Wait-PostfixDelivered -Server $script:Server -Mailbox 'bob@example.test' -Count ($before + 1))
        $delivered.Count | Should -Be ($before + 1)
        $text = @($delivered | Where-Object { $_ -match '(?m)^Subject: Postfix single' })
        $text.Count | Should -Be 1
        $text = $text[0]
        $text | Should -Match '(?m)^Subject: Postfix single'
        $text | Should -Match ([regex]::Escape("<$($receipt.MessageId)>"))
        $text | Should -Match 'filename=invoice\.txt'
        $text | Should -Match 'Hello through Postfix'
    }

    It 'sends a pipeline batch over one connection (and over four with -ThrottleLimit), each message delivered once' {
        $connects = @{}
        foreach ($limit in 1, 4) {
            $connectsBefore = @(Select-String -Path $script:Server.LogPath -Pattern 'smtpd\[\d+\]: connect from').Count
            $subjects = 1..12 | ForEach-Object { "Postfix batch $limit-$_" }
            $receipts = $subjects | ForEach-Object { [pscustomobject]@{ To = @('bob@example.test', 'carol@example.test')[$_.Length % 2]; Subject = $_; Body = 'batch' } } |
                Send-SecureMail -Profile $script:Profile -From 'alice@example.test' -ThrottleLimit $limit -PassThru
            @($receipts).Count | Should -Be 12
            @($receipts | Where-Object Status -eq 'Delivered').Count | Should -Be 12
            $connects[$limit] = @(Select-String -Path $script:Server.LogPath -Pattern 'smtpd\[\d+\]: connect from').Count - $connectsBefore
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            $all = @(Get-PostfixDelivered -Server $script:Server -Mailbox 'bob@example.test') + @(Get-PostfixDelivered -Server $script:Server -Mailbox 'carol@example.test')
            $got = @($all | ForEach-Object { if ($_ -match '(?m)^Subject: (Postfix batch .+?)\r?$') { $Matches[1] } })
            if ($got.Count -ge 24) { break }
            Start-Sleep -Milliseconds 200
        } while ([DateTime]::UtcNow -lt $deadline)
        $got.Count | Should -Be 24
        @($got | Sort-Object -Unique).Count | Should -Be 24 -Because 'no message may arrive twice'
        # Postfix's own log of connections: one for the first batch, two to four for the second.
        $connects[1] | Should -Be 1
        $connects[4] | Should -BeGreaterThan 1
        $connects[4] | Should -BeLessOrEqual 4
    }

    It 'reports an unknown local recipient with Postfix''s own 550 5.1.1 reply, as one SmtpPartiallyDelivered error' {
        $before = @(Get-PostfixDelivered -Server $script:Server -Mailbox 'carol@example.test').Count
        $err = $null
        $receipt = Send-SecureMail -Profile $script:Profile -From 'alice@example.test' -To 'nobody@example.test', 'carol@example.test' -Subject 'Postfix partial' -Body 'x' `
            -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $receipt.Status | Should -Be 'PartiallyDelivered'
        @($receipt.AcceptedRecipients) | Should -Be @('carol@example.test')
        $rejection = @($receipt.RejectedRecipients)
        $rejection.Count | Should -Be 1
        $rejection[0].Address | Should -Be 'nobody@example.test'
        $rejection[0].StatusCode | Should -Be 550
        $rejection[0].Reply | Should -Match '5\.1\.1'
        $rejection[0].Reply | Should -Match 'User unknown in virtual mailbox table'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpPartiallyDelivered,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].Exception.Message | Should -Match 'nobody@example\.test \(550 5\.1\.1'
        @(Wait-PostfixDelivered -Server $script:Server -Mailbox 'carol@example.test' -Count ($before + 1)).Count | Should -Be ($before + 1)
        @(Get-PostfixDelivered -Server $script:Server -Mailbox 'carol@example.test' | Where-Object { $_ -match '(?m)^Subject: Postfix partial' }).Count | Should -Be 1
    }

    It 'stops with SmtpAuthenticationFailed when Dovecot refuses the password, which never leaks' {
        $wrong = [pscredential]::new($script:Server.User, (ConvertTo-SecureString 'Wr0ng-Postfix-Planted' -AsPlainText -Force))
        $err = { Send-SecureMail -Server localhost -Port $script:Server.Port -Credential $wrong -CertificatePin $script:Server.Pin -From 'alice@example.test' -To 'bob@example.test' -Subject 'x' -Body 'x' -MaxRetries 0 } |
            Should -Throw -ErrorId 'SmtpAuthenticationFailed,SecureMailOps.Commands.SendSecureMailCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match 'Wr0ng-Postfix-Planted'
    }

    It 'trusts the server through the test CA given by SSL_CERT_FILE in a fresh pwsh, and refuses it without' {
        $command = @"
Import-Module '$(Get-TestModulePath)'
`$c = [pscredential]::new('$($script:Server.User)', (ConvertTo-SecureString '$($script:Password)' -AsPlainText -Force))
try {
    `$r = Send-SecureMail -Server localhost -Port $($script:Server.Port) -Credential `$c -From alice@example.test -To bob@example.test -Subject 'CA trust' -Body x -MaxRetries 0 -PassThru
    'STATUS ' + `$r.Status
} catch { 'ERROR ' + `$_.FullyQualifiedErrorId }
"@
        $saved = $env:SSL_CERT_FILE
        try {
            $env:SSL_CERT_FILE = $script:Server.CaPath
            (Invoke-FreshPwsh $command) -join "`n" | Should -Match 'STATUS Delivered'
            $env:SSL_CERT_FILE = $saved
            (Invoke-FreshPwsh $command) -join "`n" | Should -Match 'ERROR SmtpCertificate(Untrusted|SelfSigned),'
        } finally {
            $env:SSL_CERT_FILE = $saved
        }
    }
}

Describe 'DKIM signatures checked by python3-dkim' -Skip:(-not ($script:HavePostfix -and $script:HaveDkim)) {
    BeforeAll {
        $script:Rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $script:KeyPath = Join-Path $script:Work 'dkim.pem'
        Set-Content -Path $script:KeyPath -Value $script:Rsa.ExportRSAPrivateKeyPem() -NoNewline
        $script:PublicKey = [Convert]::ToBase64String($script:Rsa.ExportSubjectPublicKeyInfo())
        # The verifier: dkimpy with the selector's TXT record supplied locally (no DNS). Maildir stores LF line
        # ends; the signature was made over the CRLF wire form, which is what a receiving verifier sees.
        $script:Verifier = Join-Path $script:Work 'verify.py'
        @'
import re, sys, dkim
message = re.sub(rb'(?<!\r)\n', b'\r\n', open(sys.argv[1], 'rb').read())
asked = []
def dnsfunc(name, timeout=5):
    asked.append(name)
    return b'v=DKIM1; k=rsa; p=' + sys.argv[2].encode('ascii')
ok = dkim.verify(message, dnsfunc=dnsfunc)
print('ASKED ' + b','.join(asked).decode('ascii'))
print('PASS' if ok else 'FAIL')
'@ | Set-Content -Path $script:Verifier
    }

    It 'accepts the module''s signature on the message as Postfix delivered it, and rejects it after one body byte changes' {
        Send-SecureMail -Profile $script:Profile -From 'alice@example.test' -To 'bob@example.test' -Cc 'carol@example.test' -Subject 'Signed through Postfix' `
            -Body "Signed body 4711`nsecond line" -HtmlBody '<p>Signed <b>HTML</b> 4711</p>' -DkimKeyPath $script:KeyPath -DkimDomain 'example.test' -DkimSelector 'sel2026'
        $signed = @(Wait-PostfixDelivered -Server $script:Server -Mailbox 'bob@example.test' -Match '(?m)^Subject: Signed through Postfix')
        $signed.Count | Should -Be 1
        $text = [string]$signed[0]
        $text | Should -Match '(?m)^DKIM-Signature: .*d=example\.test'
        $file = Join-Path $script:Work 'signed.eml'
        [IO.File]::WriteAllText($file, $text)
        $result = & /usr/bin/python3 $script:Verifier $file $script:PublicKey
        $result | Should -Contain 'PASS'
        $result | Should -Contain 'ASKED sel2026._domainkey.example.test.'

        $split = $text.IndexOf("`n`n")
        $split | Should -BeGreaterThan 0
        $bodyAt = $text.IndexOf('4711', $split)
        $bodyAt | Should -BeGreaterThan $split
        $tampered = $text.Substring(0, $bodyAt) + '4712' + $text.Substring($bodyAt + 4)
        [IO.File]::WriteAllText($file, $tampered)
        & /usr/bin/python3 $script:Verifier $file $script:PublicKey | Should -Contain 'FAIL'
    }
}
