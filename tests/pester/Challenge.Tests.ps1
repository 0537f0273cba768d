# Emailed one-time codes, end to end through smtp4dev over STARTTLS with authentication and a pinned certificate.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force

    $script:Server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'alice=s3cret'
    $script:Password = 'Planted-SMTP-Pa55word!'
    $credential = [pscredential]::new('otp@example.com', (ConvertTo-SecureString $script:Password -AsPlainText -Force))
    $script:Profile = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -TlsMode StartTls -Credential $credential -CertificatePin $script:Server.CertificatePin
    $script:Store = Join-Path ([IO.Path]::GetTempPath()) ("smo-challenge-" + [guid]::NewGuid().ToString('n')) 'state.db'

    function Get-SentCode {
        # Reads the newest message's raw text through smtp4dev's REST API and takes the code out of it.
        param([int] $Count)
        $message = Wait-Smtp4devMessage -Server $script:Server -Count $Count -Raw | Select-Object -First 1
        if ($message.Raw -notmatch '(?m)^\s+(\d{7,10})\s*$') { throw "No code found in the mail: $($message.Raw)" }
        [pscustomobject]@{ Code = $Matches[1]; Raw = $message.Raw; Subject = $message.subject }
    }

    function Send-TestChallenge {
        param([string] $To = 'alice@example.com', [hashtable] $Extra = @{})
        $before = @(Get-Smtp4devMessage -Server $script:Server).Count
        $challenge = Send-OtpChallenge -To $To -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 100 @Extra
        $sent = Get-SentCode -Count ($before + 1)
        [pscustomobject]@{ Challenge = $challenge; Code = $sent.Code; Raw = $sent.Raw; Subject = $sent.Subject }
    }
}

AfterAll {
    if ($script:Server) { Stop-Smtp4dev $script:Server }
    if ($script:Store) { Remove-Item -Recurse -Force (Split-Path $script:Store) -ErrorAction SilentlyContinue }
}

Describe 'Send-OtpChallenge and Confirm-OtpChallenge' {
    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'sends a code that confirms once, then is refused as AlreadyUsed' {
        $sent = Send-TestChallenge
        $sent.Challenge.ChallengeId | Should -Match '^[0-9a-f]{32}$'
        $sent.Challenge.Recipient | Should -Be 'a***e@example.com'
        $sent.Challenge.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(9))
        $sent.Challenge.ExpiresAt | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddMinutes(10))
        $sent.Code.Length | Should -Be 8

        $first = $sent.Challenge | Confirm-OtpChallenge -Code $sent.Code -Purpose 'sign-in' -StorePath $script:Store
        $first.Reason | Should -Be 'Valid'
        $first.Valid | Should -BeTrue
        (Confirm-OtpChallenge -ChallengeId $sent.Challenge.ChallengeId -Code $sent.Code -Purpose 'sign-in' -StorePath $script:Store).Reason | Should -Be 'AlreadyUsed'
    }

    It 'sends a mail with plain-text and HTML parts, the never-share line, and no code in the subject' {
        $sent = Send-TestChallenge
        $sent.Raw | Should -Match 'Content-Type: text/plain'
        $sent.Raw | Should -Match 'Content-Type: text/html'
        $sent.Raw | Should -Match 'Never share this code'
        $sent.Subject | Should -Not -Match $sent.Code
        $sent.Subject | Should -Match 'sign-in'
    }

    It 'burns the challenge after five wrong codes, after which the right one fails too' {
        $sent = Send-TestChallenge
        $wrong = if ($sent.Code -eq '00000000') { '11111111' } else { '00000000' }
        $reasons = 1..5 | ForEach-Object { (Confirm-OtpChallenge $sent.Challenge.ChallengeId $wrong -Purpose 'sign-in' -StorePath $script:Store).Reason }
        $reasons[0..3] | Should -Be @('Invalid', 'Invalid', 'Invalid', 'Invalid')
        $reasons[4] | Should -Be 'TooManyAttempts'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -StorePath $script:Store).Reason | Should -Be 'TooManyAttempts'
    }

    It 'refuses the right code once it has expired' {
        $sent = Send-TestChallenge -Extra @{ ValidFor = [TimeSpan]::FromSeconds(1) }
        Start-Sleep -Milliseconds 1500
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -StorePath $script:Store).Reason | Should -Be 'Expired'
    }

    It 'accepts a code only for the purpose it was issued for' {
        $sent = Send-TestChallenge
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'password-reset' -StorePath $script:Store).Reason | Should -Be 'PurposeMismatch'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -StorePath $script:Store -Quiet) | Should -BeTrue
    }

    It 'gives exactly one Valid among 20 parallel confirmations of the right code' {
        $sent = Send-TestChallenge
        $id = $sent.Challenge.ChallengeId
        $code = $sent.Code
        $modulePath = $script:ModulePath
        $store = $script:Store
        $reasons = 1..20 | ForEach-Object -ThrottleLimit 20 -Parallel {
            Import-Module $using:modulePath
            (Confirm-OtpChallenge -ChallengeId $using:id -Code $using:code -Purpose 'sign-in' -StorePath $using:store).Reason.ToString()
        }
        @($reasons | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1
        @($reasons | Where-Object { $_ -eq 'AlreadyUsed' }).Count | Should -Be 19
    }

    It 'leaves no usable challenge when sending fails' {
        $badPin = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -TlsMode StartTls -CertificatePin ('00' * 32) -MaxRetries 0
        $err = $null
        $result = Send-OtpChallenge -To 'carol@example.com' -Profile $badPin -From 'otp@example.com' -StorePath $script:Store -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SmtpCertificatePinMismatch,*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-OtpActivity -To 'carol@example.com' -StorePath $script:Store).Outcome | Should -Be @('SendFailed')
        Clear-OtpChallenge -To 'carol@example.com' -StorePath $script:Store -PassThru -Confirm:$false | Should -Be 0
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'limits how many codes one recipient gets per window' {
        $err = $null
        $results = 1..3 | ForEach-Object {
            Send-OtpChallenge -To 'dave@example.com' -Profile $script:Profile -StorePath $script:Store -RecipientLimit 2 -ErrorVariable +err -ErrorAction SilentlyContinue
        }
        @($results).Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        Wait-Smtp4devMessage -Server $script:Server -Count 2 | Out-Null
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 2
    }

    It 'uses a template file, HTML-encoding values in the HTML part' {
        $template = Join-Path TestDrive: 'code.txt'
        Set-Content $template "Subject: Code for {{Purpose}}`n--- text ---`nYour code:`n    {{Code}}`n--- html ---`n<p>{{Purpose}}: <b>{{Code}}</b></p>"
        $before = @(Get-Smtp4devMessage -Server $script:Server).Count
        $null = Send-OtpChallenge -To 'erin@example.com' -Profile $script:Profile -Purpose '<b>x</b>' -Template $template -StorePath $script:Store
        $sent = Get-SentCode -Count ($before + 1)
        $sent.Raw | Should -Match '&lt;b&gt;x&lt;/b&gt;'
        $sent.Subject | Should -Be 'Code for <b>x</b>'
    }

    It 'refuses a template with an unknown placeholder, naming file, line and column, and sends nothing' {
        $template = Join-Path TestDrive: 'bad.txt'
        Set-Content $template "Subject: x`n--- text ---`n{{Code}} {{Nmae}}`n--- html ---`n{{Code}}"
        { Send-OtpChallenge -To 'frank@example.com' -Profile $script:Profile -Template $template -StorePath $script:Store } |
            Should -Throw -ErrorId 'ChallengeTemplateUnknownPlaceholder,SecureMailOps.Commands.SendOtpChallengeCommand' -ExpectedMessage '*bad.txt*line 3, column 10*Nmae*'
        Start-Sleep -Milliseconds 300
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'refuses a validity longer than ten minutes and fewer than seven digits' {
        { Send-OtpChallenge -To 'a@example.com' -Profile $script:Profile -ValidFor '00:11:00' -StorePath $script:Store } |
            Should -Throw -ErrorId 'OtpChallengeValidityInvalid,SecureMailOps.Commands.SendOtpChallengeCommand'
        { Send-OtpChallenge -To 'a@example.com' -Profile $script:Profile -Digits 6 -StorePath $script:Store } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.SendOtpChallengeCommand'
    }

    It 'supports -WhatIf: nothing is sent or stored' {
        Send-OtpChallenge -To 'gina@example.com' -Profile $script:Profile -StorePath $script:Store -WhatIf | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 300
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
        Get-OtpActivity -To 'gina@example.com' -StorePath $script:Store | Should -BeNullOrEmpty

        # Neither -WhatIf run may create a store file where none was.
        $fresh = Join-Path TestDrive: 'never-created.db'
        Send-OtpChallenge -To 'gina@example.com' -Profile $script:Profile -StorePath $fresh -WhatIf | Should -BeNullOrEmpty
        Clear-OtpChallenge -StorePath $fresh -WhatIf | Should -BeNullOrEmpty
        Test-Path $fresh | Should -BeFalse
    }

    It 'never lets the code or the SMTP password reach any output stream, error or the store file' {
        Clear-Smtp4devMessage -Server $script:Server
        $all = & {
            $c = Send-OtpChallenge -To 'hank@example.com' -Profile $script:Profile -StorePath $script:Store -Verbose -Debug
            $c
            $script:Hank = $c
        } *>&1
        $code = (Get-SentCode -Count 1).Code
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId '99999999' -Purpose 'verification' -StorePath $script:Store -Verbose -Debug *>&1
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId $code -Purpose 'verification' -StorePath $script:Store -Verbose -Debug *>&1
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId $code -Purpose 'verification' -StorePath $script:Store -Verbose -Debug *>&1
        $all += Get-OtpActivity -To 'hank@example.com' -StorePath $script:Store | Format-List * | Out-String
        $text = ($all | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n"
        $text | Should -Match 'Valid'
        $text | Should -Not -Match $code
        $text | Should -Not -Match ([regex]::Escape($script:Password))
        $bytes = [IO.File]::ReadAllBytes($script:Store)
        [Text.Encoding]::ASCII.GetString($bytes) | Should -Not -Match $code
    }
}

Describe 'Get-OtpActivity and Clear-OtpChallenge' {
    It 'records issue and outcomes per recipient, newest first' {
        $sent = Send-TestChallenge -To 'ivan@example.com'
        $null = Confirm-OtpChallenge $sent.Challenge.ChallengeId '1234567' -Purpose 'sign-in' -StorePath $script:Store
        $null = Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -StorePath $script:Store
        $log = Get-OtpActivity -To 'Ivan@Example.com' -StorePath $script:Store
        $log.Outcome | Should -Be @('Valid', 'Invalid', 'Issued')
        $log[0].PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.State.ActivityEntry'
        $log.Source | Select-Object -Unique | Should -Be 'EmailChallenge'
    }

    It 'clears only unusable challenges with -Expired, honours -WhatIf, and clears all when asked' {
        $used = Send-TestChallenge -To 'judy@example.com'
        $null = Confirm-OtpChallenge $used.Challenge.ChallengeId $used.Code -Purpose 'sign-in' -StorePath $script:Store
        $live = Send-TestChallenge -To 'judy@example.com'
        Clear-OtpChallenge -To 'judy@example.com' -StorePath $script:Store -WhatIf -PassThru | Should -BeNullOrEmpty
        Clear-OtpChallenge -To 'judy@example.com' -Expired -StorePath $script:Store -PassThru | Should -Be 1
        Clear-OtpChallenge -To 'judy@example.com' -StorePath $script:Store -PassThru -Confirm:$false | Should -Be 1
        (Confirm-OtpChallenge $live.Challenge.ChallengeId $live.Code -Purpose 'sign-in' -StorePath $script:Store).Reason | Should -Be 'NotFound'
    }
}

Describe 'Issue 13 review findings (emailed codes)' {
    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'finding 1: housekeeping (Clear-OtpChallenge -Expired) does not give a recipient a fresh budget' {
        $sent = 1..2 | ForEach-Object {
            $c = Send-OtpChallenge -To 'kim@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 2
            $code = (Get-SentCode -Count $_).Code
            (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' -StorePath $script:Store).Reason.ToString()
        }
        $sent | Should -Be @('Valid', 'Valid')
        Clear-OtpChallenge -Expired -StorePath $script:Store -Confirm:$false
        $err = $null
        $third = Send-OtpChallenge -To 'kim@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $third | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
    }

    It 'finding 2: a quoted local part, upper case and a Unicode domain share one budget; domain literals are refused' {
        $null = Send-OtpChallenge -To 'leo@bücher.example' -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 1
        foreach ($variant in '"leo"@xn--bcher-kva.example', 'LEO@XN--BCHER-KVA.EXAMPLE', 'Leo <leo@BÜCHER.example>') {
            $err = $null
            Send-OtpChallenge -To $variant -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
        }
        $err = $null
        Send-OtpChallenge -To 'leo@[127.0.0.1]' -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRecipientInvalid,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 1
    }

    It 'finding 2: -GlobalLimit caps codes across all recipients of the store' {
        $store = Join-Path $TestDrive 'global.db'
        $null = Send-OtpChallenge -To 'g1@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $store -GlobalLimit 2
        $null = Send-OtpChallenge -To 'g2@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $store -GlobalLimit 2
        $err = $null
        Send-OtpChallenge -To 'g3@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $store -GlobalLimit 2 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeGlobalRateLimited,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'finding 3: the code hash is keyed by an owner-only key beside the store, and a -ChallengeKey can replace it' {
        $key = "$($script:Store).key"
        Test-Path $key | Should -BeTrue
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($key) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $vaultKey = 'k' * 40
        $store = Join-Path $TestDrive 'supplied.db'
        $c = Send-OtpChallenge -To 'mia@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $store -ChallengeKey $vaultKey
        $code = (Get-SentCode -Count 1).Code
        Test-Path "$store.key" | Should -BeFalse
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' -StorePath $store).Reason | Should -Be 'KeyMismatch'
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' -StorePath $store -ChallengeKey $vaultKey).Reason | Should -Be 'Valid'
        { Send-OtpChallenge -To 'mia@example.com' -Profile $script:Profile -StorePath $store -ChallengeKey 'short' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OtpChallengeKeyInvalid,SecureMailOps.Commands.SendOtpChallengeCommand'
    }

    It 'finding 4: -Purpose is mandatory; a code for another purpose is refused; -AnyPurpose is explicit' {
        $command = Get-Command Confirm-OtpChallenge
        $command.Parameters['Purpose'].ParameterSets['Purpose'].IsMandatory | Should -BeTrue
        $command.Parameters['AnyPurpose'].ParameterSets['AnyPurpose'].IsMandatory | Should -BeTrue
        $c = Send-OtpChallenge -To 'nina@example.com' -Profile $script:Profile -Purpose 'wire-transfer-approval' -StorePath $script:Store -RecipientLimit 100
        $code = (Get-SentCode -Count 1).Code
        { Confirm-OtpChallenge -ChallengeId $c.ChallengeId -Code $code -StorePath $script:Store -ErrorAction Stop } | Should -Throw
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' -StorePath $script:Store).Reason | Should -Be 'PurposeMismatch'
        (Confirm-OtpChallenge $c.ChallengeId $code -AnyPurpose -StorePath $script:Store).Reason | Should -Be 'Valid'
    }

    It 'finding 7: a purpose must be one printable line of at most 64 characters' {
        foreach ($purpose in "wire-transfer`r`ncall +1-555-0100 and read this code to our agent", "tab`there", "zero$([char]0x200B)width") {
            $err = $null
            Send-OtpChallenge -To 'olga@example.com' -Profile $script:Profile -Purpose $purpose -StorePath $script:Store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengePurposeInvalid,*'
        }
        { Send-OtpChallenge -To 'olga@example.com' -Profile $script:Profile -Purpose ('a' * 65) -StorePath $script:Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.SendOtpChallengeCommand'
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'shows times as yyyy-MM-dd HH:mm:ssZ in table and list views, like Get-OtpCode' {
        $c = Send-OtpChallenge -To 'pia@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $script:Store -RecipientLimit 100
        $views = @(
            ($c | Format-Table | Out-String -Width 120)
            ($c | Format-List | Out-String -Width 120)
            (Get-OtpActivity -To 'pia@example.com' -StorePath $script:Store | Format-Table | Out-String -Width 120)
            (Get-OtpActivity -To 'pia@example.com' -StorePath $script:Store | Format-List | Out-String -Width 120)
        )
        foreach ($view in $views) {
            $view | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z'
            $view | Should -Not -Match '\+00:00'
        }
    }
}

