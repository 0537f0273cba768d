# Send-SecureMail, New-SmtpProfile and Test-SmtpServer against smtp4dev (a real SMTP server) over STARTTLS,
# authentication required, its self-signed certificate pinned. Messages are read back through its REST API.
# smtp4dev is started once for this file (about 2 s, 250 MB) and stopped at the end.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    $script:Server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'alice=s3cret'
    $script:Credential = [pscredential]::new('alice', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))
    $script:Profile = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -Credential $script:Credential -CertificatePin $script:Server.CertificatePin -TimeoutSeconds 20
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('smtp-pester-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    # rowCount: the list itself is paged (5 per page by default).
    function Get-SessionCount { [int](Invoke-RestMethod -Uri "$($script:Server.ApiUrl)/api/sessions?pageSize=1").rowCount }
}

AfterAll {
    if ($script:Server) { Stop-Smtp4dev $script:Server }
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue }
}

Describe 'Test-SmtpServer against smtp4dev' {
    It 'returns a Connection record with TLS, the pinned certificate and AUTH exposure before TLS' {
        $record = Test-SmtpServer -Profile $script:Profile
        $record.PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.Mail.SmtpConnectionReport'
        $record.Kind | Should -Be 'Connection'
        $record.Id | Should -Be "smtp://localhost:$($script:Server.SmtpPort)"
        $record.Protocol | Should -Be 'smtp'
        $record.Banner | Should -Match 'smtp4dev'
        $record.StartTlsOffered | Should -BeTrue
        $record.Tls.Enabled | Should -BeTrue
        $record.Tls.Version | Should -BeIn @('1.2', '1.3')
        $record.Tls.CipherSuite | Should -Match '^TLS_'
        $record.Tls.Subject | Should -Be 'CN=localhost'
        $record.Tls.PinMatch | Should -BeTrue
        $record.Tls.CertificateValid | Should -BeTrue
        $record.Tls.CertificateDaysLeft | Should -BeGreaterThan 0
        $record.Tls.Sha256Fingerprint | Should -Be $script:Server.CertificatePin
        # smtp4dev offers AUTH before STARTTLS: the probe must call that out.
        $record.AuthBeforeTls | Should -BeTrue
        $record.AuthMechanismsAfterTls | Should -Contain 'PLAIN'
        ($record.Findings -join ' ') | Should -Match 'AUTH is offered before TLS'
    }

    It 'reports the self-signed certificate as not valid without a pin' {
        $record = Test-SmtpServer -Server localhost -Port $script:Server.SmtpPort
        $record.Tls.CertificateValid | Should -BeFalse
        $record.Tls.ChainValid | Should -BeFalse
        $record.Tls.PinMatch | Should -BeNullOrEmpty
        $record.Tls.CertificateProblem | Should -Be 'SmtpCertificateSelfSigned'
    }
}

Describe 'Send-SecureMail against smtp4dev over STARTTLS' {
    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'delivers headers, text and HTML bodies and an attachment resolved relative to the current location' {
        Set-Content -Path (Join-Path $script:Work 'report.txt') -Value 'attachment content 4711' -NoNewline
        Push-Location $script:Work
        try {
            $receipt = Send-SecureMail -Profile $script:Profile -From 'Ops <ops@example.com>' -To 'one@example.com', 'two@example.com' -Cc 'cc@example.com' -Bcc 'hidden@example.com' `
                -ReplyTo 'replies@example.com' -Subject 'Quarterly report' -Body 'Plain text body' -HtmlBody '<p>HTML <b>body</b></p>' -Attachment 'report.txt' `
                -Priority High -Header @{ 'X-Ticket' = 'T-42' } -PassThru
        } finally { Pop-Location }

        $receipt.PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.Mail.SmtpSendReceipt'
        @($receipt.AcceptedRecipients) | Should -Be @('one@example.com', 'two@example.com', 'cc@example.com', 'hidden@example.com')
        @($receipt.RejectedRecipients).Count | Should -Be 0
        $receipt.TlsProtocol | Should -BeIn @('1.2', '1.3')
        $receipt.CipherSuite | Should -Match '^TLS_'
        $receipt.Attempts | Should -Be 1
        $receipt.Elapsed | Should -BeOfType [timespan]

        $message = @(Wait-Smtp4devMessage -Server $script:Server -Count 1 -Raw)[0]
        $message.subject | Should -Be 'Quarterly report'
        $raw = $message.Raw
        $raw | Should -Match '(?m)^From: Ops <ops@example.com>'
        $raw | Should -Match '(?m)^To: one@example.com, two@example.com'
        $raw | Should -Match '(?m)^Cc: cc@example.com'
        $raw | Should -Match '(?m)^Reply-To: replies@example.com'
        $raw | Should -Match '(?m)^X-Ticket: T-42'
        $raw | Should -Match '(?m)^X-Priority: 1'
        $raw | Should -Not -Match '(?m)^Bcc:'
        $raw | Should -Match ([regex]::Escape("Message-Id: <$($receipt.MessageId)>"))
        $raw | Should -Match 'Plain text body'
        $raw | Should -Match 'HTML <b>body</b>'
        $raw | Should -Match 'filename=report\.txt'
        $raw | Should -Match ('attachment content 4711|' + [regex]::Escape([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('attachment content 4711'))))
    }

    It 'sends pipeline objects from Import-Csv over one connection' {
        $csv = Join-Path $script:Work 'batch.csv'
        @(
            [pscustomobject]@{ To = 'a@example.com'; Subject = 'Row 1'; Body = 'first' }
            [pscustomobject]@{ To = 'b@example.com'; Subject = 'Row 2'; Body = 'second' }
            [pscustomobject]@{ To = 'd@example.com'; Subject = 'Row 3'; Body = 'third' }
        ) | Export-Csv -Path $csv -NoTypeInformation
        $sessionsBefore = Get-SessionCount
        $receipts = Import-Csv $csv | Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -PassThru
        @($receipts).Count | Should -Be 3
        @($receipts[1].AcceptedRecipients) | Should -Be @('b@example.com')
        $messages = @(Wait-Smtp4devMessage -Server $script:Server -Count 3)
        ($messages.subject | Sort-Object) | Should -Be @('Row 1', 'Row 2', 'Row 3')
        (Get-SessionCount) - $sessionsBefore | Should -Be 1 -Because 'all three messages share one SMTP session'
    }

    It 'spreads a batch over parallel connections with -ThrottleLimit' {
        $sessionsBefore = Get-SessionCount
        $receipts = 1..20 | ForEach-Object { [pscustomobject]@{ To = "user$_@example.com"; Subject = "Parallel $_"; Body = 'x' } } |
            Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -ThrottleLimit 4 -PassThru
        @($receipts).Count | Should -Be 20
        $messages = @(Wait-Smtp4devMessage -Server $script:Server -Count 20)
        @($messages.subject | Sort-Object -Unique).Count | Should -Be 20
        $sessions = (Get-SessionCount) - $sessionsBefore
        $sessions | Should -BeGreaterThan 1
        $sessions | Should -BeLessOrEqual 4
    }

    It 'does not send a message whose attachment is missing, and still sends the others' {
        $batch = @(
            [pscustomobject]@{ To = 'a@example.com'; Subject = 'Has no attachment'; Body = 'x' }
            [pscustomobject]@{ To = 'b@example.com'; Subject = 'Missing attachment'; Body = 'x'; Attachment = (Join-Path $script:Work 'nope.pdf') }
        )
        $err = $null
        $receipts = $batch | Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        @($receipts).Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpAttachmentNotFound,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).subject | Should -Be @('Has no attachment')
    }

    It 'DKIM-signs with -DkimKeyPath, -DkimDomain and -DkimSelector' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $key = Join-Path $script:Work 'dkim.pem'
        Set-Content -Path $key -Value $rsa.ExportRSAPrivateKeyPem()
        Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -To 'a@example.com' -Subject 'Signed' -Body 'signed body' `
            -DkimKeyPath $key -DkimDomain 'example.com' -DkimSelector 'sel2026'
        $raw = @(Wait-Smtp4devMessage -Server $script:Server -Count 1 -Raw)[0].Raw
        $raw | Should -Match '(?m)^DKIM-Signature: v=1; a=rsa-sha256'
        $raw | Should -Match 'd=example\.com'
        $raw | Should -Match 's=sel2026'
        # The signature itself is verified with MimeKit's verifier and the public key in the xunit suite.
    }

    It 'needs all three DKIM parameters' {
        { Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -To 'a@example.com' -Subject 'x' -DkimKeyPath 'k.pem' } |
            Should -Throw -ErrorId 'SmtpDkimIncomplete,SecureMailOps.Commands.SendSecureMailCommand'
    }

    It 'sends nothing and opens no connection with -WhatIf' {
        $sessionsBefore = Get-SessionCount
        Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -To 'a@example.com' -Subject 'What if' -Body 'x' -WhatIf
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
        (Get-SessionCount) | Should -Be $sessionsBefore
    }

    It 'refuses the self-signed certificate without a pin (terminating, distinct id)' {
        { Send-SecureMail -Server localhost -Port $script:Server.SmtpPort -Credential $script:Credential -From 'ops@example.com' -To 'a@example.com' -Subject 'x' -Body 'x' } |
            Should -Throw -ErrorId 'SmtpCertificateSelfSigned,SecureMailOps.Commands.SendSecureMailCommand'
    }

    It 'refuses a pin that does not match' {
        $wrong = 'AB' * 32
        $err = { Send-SecureMail -Server localhost -Port $script:Server.SmtpPort -Credential $script:Credential -CertificatePin $wrong -From 'ops@example.com' -To 'a@example.com' -Subject 'x' -Body 'x' } |
            Should -Throw -ErrorId 'SmtpCertificatePinMismatch,SecureMailOps.Commands.SendSecureMailCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
    }
}

Describe 'New-SmtpProfile' {
    It 'defaults the port from the TLS mode and never shows the password' {
        (New-SmtpProfile -Server mail.example.com).Port | Should -Be 587
        (New-SmtpProfile -Server mail.example.com -TlsMode Implicit).Port | Should -Be 465
        $smtpProfile = New-SmtpProfile -Server mail.example.com -Credential ([pscredential]::new('bob', (ConvertTo-SecureString 'Planted-Pw-9182' -AsPlainText -Force)))
        $smtpProfile.HasPassword | Should -BeTrue
        ($smtpProfile | Format-List * | Out-String) | Should -Not -Match 'Planted-Pw-9182'
        ($smtpProfile | ConvertTo-Json -Depth 3) | Should -Not -Match 'Planted-Pw-9182'
    }

    It 'rejects a malformed pin with a stable id' {
        $err = $null
        New-SmtpProfile -Server mail.example.com -CertificatePin 'abc' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpCertificatePinInvalid,SecureMailOps.Commands.NewSmtpProfileCommand'
    }

    It 'offers no cleartext TLS mode' {
        $set = (Get-Command New-SmtpProfile).Parameters['TlsMode'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
        $set.ValidValues | Should -Be @('StartTls', 'Implicit')
    }
}

Describe 'Send-SecureMail: ShouldProcess and worker output on the pipeline thread' {
    BeforeAll {
        if (-not ('SecureMailOps.PesterSupport.AnsweringHost' -as [type])) { Add-Type -Path "$PSScriptRoot/AnsweringHost.cs" }
    }
    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'sends nothing from a pipeline batch under -WhatIf (the server sees no session)' {
        $sessionsBefore = Get-SessionCount
        $out = 1..5 | ForEach-Object { [pscustomobject]@{ To = "w$_@example.com"; Subject = "What if $_"; Body = 'x' } } |
            Send-SecureMail -Profile $script:Profile -From 'ops@example.com' -ThrottleLimit 2 -PassThru -WhatIf
        $out | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
        (Get-SessionCount) | Should -Be $sessionsBefore
    }

    It 'asks -Confirm on the pipeline thread per message, sends only those answered Yes, and writes the workers'' verbose lines' {
        # Answers: Yes, No, Yes (0 = Yes, 2 = No in ShouldProcess's choices).
        $answeringHost = [SecureMailOps.PesterSupport.AnsweringHost]::new([int[]] @(0, 2, 0))
        $runspace = [runspacefactory]::CreateRunspace($answeringHost)
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $null = $ps.AddScript({
                    param($ModulePath, $SmtpProfile)
                    Import-Module $ModulePath
                    $pipelineThread = [Environment]::CurrentManagedThreadId
                    $receipts = 'one', 'two', 'three' | ForEach-Object { [pscustomobject]@{ To = "$_@example.com"; Subject = "Confirm $_"; Body = 'x' } } |
                        Send-SecureMail -Profile $SmtpProfile -From 'ops@example.com' -Confirm -Verbose -PassThru
                    [pscustomobject]@{ Thread = $pipelineThread; Receipts = @($receipts) }
                }).AddArgument((Get-TestModulePath)).AddArgument($script:Profile)
            $result = @($ps.Invoke())
            @($ps.Streams.Error) | Should -BeNullOrEmpty

            # Three prompts, each shown by the host on the thread that runs the pipeline.
            $prompts = @($answeringHost.Recorder.Seen | Where-Object { $_ -like 'Prompt|*' })
            $prompts.Count | Should -Be 3
            foreach ($p in $prompts) { ($p -split '\|')[1] | Should -Be $result[0].Thread }
            $prompts[1] | Should -Match 'two@example.com'

            # Only the two answered Yes reached the server, and their receipts came back.
            $result[0].Receipts.Count | Should -Be 2
            Wait-Smtp4devMessage -Server $script:Server -Count 2 | Out-Null
            Start-Sleep -Milliseconds 300
            $subjects = @(Get-Smtp4devMessage -Server $script:Server | ForEach-Object { $_.subject }) | Sort-Object
            $subjects | Should -Be @('Confirm one', 'Confirm three')

            # The connect, TLS and AUTH notes are written by the dispatcher's worker; PowerShell refuses
            # WriteVerbose from any thread but the pipeline's, so seeing them proves the hand-over.
            $verbose = @($ps.Streams.Verbose | ForEach-Object { $_.Message }) -join "`n"
            $verbose | Should -Match 'Connecting to localhost'
            $verbose | Should -Match 'Authenticated as'
        } finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }
}
