# Emailed one-time codes, end to end through smtp4dev over STARTTLS with authentication and a pinned
# certificate, and the challenge key every worker must share. Everything that touches the store runs once per store (a SQLite file, and a fresh
# database on one PostgreSQL server started for the whole file); the mail itself, templates and input
# checks do not depend on the store and run once.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/PostgreSql.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force

    $script:Server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'alice=s3cret'
    $script:Password = 'Planted-SMTP-Pa55word!'
    $credential = [pscredential]::new('otp@example.com', (ConvertTo-SecureString $script:Password -AsPlainText -Force))
    $script:Profile = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -TlsMode StartTls -Credential $credential -CertificatePin $script:Server.CertificatePin
    $script:Pg = Start-TestPostgres
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ("smo-challenge-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null

    function New-ChallengeStore {
        # A fresh store as the splat every store cmdlet takes: a SQLite file, or a new database on the server.
        param([string] $Kind)
        if ($Kind -eq 'PostgreSQL') { New-TestPostgresStore $script:Pg }
        else { @{ StorePath = (Join-Path $script:Folder ("state-{0}.db" -f [guid]::NewGuid().ToString('n'))) } }
    }

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
        $store = $script:Store
        $challenge = Send-OtpChallenge -To $To -Profile $script:Profile -Purpose 'sign-in' @store -RecipientLimit 100 @Extra
        $sent = Get-SentCode -Count ($before + 1)
        [pscustomobject]@{ Challenge = $challenge; Code = $sent.Code; Raw = $sent.Raw; Subject = $sent.Subject }
    }
}

AfterAll {
    if ($script:Server) { Stop-Smtp4dev $script:Server }
    if ($script:Pg) { Stop-TestPostgres $script:Pg }
    if ($script:Folder) { Remove-Item -Recurse -Force $script:Folder -ErrorAction SilentlyContinue }
    Remove-Item Env:SECUREMAILOPS_CHALLENGE_KEY_FILE -ErrorAction SilentlyContinue
}

Describe 'Emailed challenges on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll {
        $script:Kind = $_
        $script:Store = New-ChallengeStore $_
        # Every worker on a PostgreSQL store shares one key file; beside a SQLite file it is made on first use.
        if ($_ -eq 'PostgreSQL') { $env:SECUREMAILOPS_CHALLENGE_KEY_FILE = Join-Path $script:Folder 'postgresql-workers.key' }
    }

    AfterAll { Remove-Item Env:SECUREMAILOPS_CHALLENGE_KEY_FILE -ErrorAction SilentlyContinue }

    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'sends a code that confirms once (the challenge piped in), then is refused as AlreadyUsed' {
        $sent = Send-TestChallenge
        $sent.Challenge.ChallengeId | Should -Match '^[0-9a-f]{32}$'
        $sent.Challenge.Recipient | Should -Be 'a***e@example.com'
        $sent.Challenge.ExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(9))
        $sent.Challenge.ExpiresAt | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddMinutes(10))
        $sent.Code.Length | Should -Be 8

        $first = $sent.Challenge | Confirm-OtpChallenge -Code $sent.Code -Purpose 'sign-in' @script:Store
        $first.Reason | Should -Be 'Valid'
        $first.Valid | Should -BeTrue
        (Confirm-OtpChallenge -ChallengeId $sent.Challenge.ChallengeId -Code $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'AlreadyUsed'
    }

    It 'burns the challenge after five wrong codes, after which the right one fails too' {
        $sent = Send-TestChallenge
        $wrong = if ($sent.Code -eq '00000000') { '11111111' } else { '00000000' }
        $reasons = 1..5 | ForEach-Object { (Confirm-OtpChallenge $sent.Challenge.ChallengeId $wrong -Purpose 'sign-in' @script:Store).Reason }
        $reasons[0..3] | Should -Be @('Invalid', 'Invalid', 'Invalid', 'Invalid')
        $reasons[4] | Should -Be 'TooManyAttempts'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'TooManyAttempts'
    }

    It 'refuses the right code once it has expired' {
        $sent = Send-TestChallenge -Extra @{ ValidFor = [TimeSpan]::FromSeconds(1) }
        Start-Sleep -Milliseconds 1500
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Expired'
    }

    It 'accepts a code only for the purpose it was issued for' {
        $sent = Send-TestChallenge
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'password-reset' @script:Store).Reason | Should -Be 'PurposeMismatch'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store -Quiet) | Should -BeTrue
    }

    It 'leaves no usable challenge when sending fails' {
        $badPin = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -TlsMode StartTls -CertificatePin ('00' * 32) -MaxRetries 0
        $err = $null
        $result = Send-OtpChallenge -To 'carol@example.com' -Profile $badPin -From 'otp@example.com' @script:Store -ErrorVariable err -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SmtpCertificatePinMismatch,*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        (Get-OtpActivity -To 'carol@example.com' @script:Store).Outcome | Should -Be @('SendFailed')
        Clear-OtpChallenge -To 'carol@example.com' @script:Store -PassThru -Confirm:$false | Should -Be 0
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'limits how many codes one recipient gets per window' {
        $err = $null
        $results = 1..3 | ForEach-Object {
            Send-OtpChallenge -To 'dave@example.com' -Profile $script:Profile @script:Store -RecipientLimit 2 -ErrorVariable +err -ErrorAction SilentlyContinue
        }
        @($results).Count | Should -Be 2
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        Wait-Smtp4devMessage -Server $script:Server -Count 2 | Out-Null
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 2
    }

    It 'supports -WhatIf: nothing is sent or stored' {
        Send-OtpChallenge -To 'gina@example.com' -Profile $script:Profile @script:Store -WhatIf | Should -BeNullOrEmpty
        Start-Sleep -Milliseconds 300
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
        Get-OtpActivity -To 'gina@example.com' @script:Store | Should -BeNullOrEmpty
    }

    It 'never lets the code or the SMTP password reach any output stream or error (nor the SQLite file)' {
        $all = & {
            $c = Send-OtpChallenge -To 'hank@example.com' -Profile $script:Profile @script:Store -Verbose -Debug
            $c
            $script:Hank = $c
        } *>&1
        $code = (Get-SentCode -Count 1).Code
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId '99999999' -Purpose 'verification' @script:Store -Verbose -Debug *>&1
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId $code -Purpose 'verification' @script:Store -Verbose -Debug *>&1
        $all += Confirm-OtpChallenge $script:Hank.ChallengeId $code -Purpose 'verification' @script:Store -Verbose -Debug *>&1
        $all += Get-OtpActivity -To 'hank@example.com' @script:Store | Format-List * | Out-String
        $text = ($all | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n"
        $text | Should -Match 'Valid'
        $text | Should -Not -Match $code
        $text | Should -Not -Match ([regex]::Escape($script:Password))
        if ($script:Kind -eq 'SQLite') {
            $bytes = [IO.File]::ReadAllBytes($script:Store.StorePath)
            [Text.Encoding]::ASCII.GetString($bytes) | Should -Not -Match $code
        }
    }

    It 'records issue and outcomes per recipient, newest first' {
        $sent = Send-TestChallenge -To 'ivan@example.com'
        $null = Confirm-OtpChallenge $sent.Challenge.ChallengeId '1234567' -Purpose 'sign-in' @script:Store
        $null = Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store
        $log = Get-OtpActivity -To 'Ivan@Example.com' @script:Store
        $log.Outcome | Should -Be @('Valid', 'Invalid', 'Issued')
        $log[0].PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.State.ActivityEntry'
        $log.Source | Select-Object -Unique | Should -Be 'EmailChallenge'
    }

    It 'clears only unusable challenges with -Expired, honours -WhatIf, and clears all when asked' {
        $used = Send-TestChallenge -To 'judy@example.com'
        $null = Confirm-OtpChallenge $used.Challenge.ChallengeId $used.Code -Purpose 'sign-in' @script:Store
        $live = Send-TestChallenge -To 'judy@example.com'
        Clear-OtpChallenge -To 'judy@example.com' @script:Store -WhatIf -PassThru | Should -BeNullOrEmpty
        Clear-OtpChallenge -To 'judy@example.com' -Expired @script:Store -PassThru | Should -Be 1
        Clear-OtpChallenge -To 'judy@example.com' @script:Store -PassThru -Confirm:$false | Should -Be 1
        (Confirm-OtpChallenge $live.Challenge.ChallengeId $live.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'NotFound'
    }

    It 'issue 13 finding 1: housekeeping (Clear-OtpChallenge -Expired) does not give a recipient a fresh budget' {
        $sent = 1..2 | ForEach-Object {
            $c = Send-OtpChallenge -To 'kim@example.com' -Profile $script:Profile -Purpose 'sign-in' @script:Store -RecipientLimit 2
            $code = (Get-SentCode -Count $_).Code
            (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' @script:Store).Reason.ToString()
        }
        $sent | Should -Be @('Valid', 'Valid')
        Clear-OtpChallenge -Expired @script:Store -Confirm:$false
        $err = $null
        $third = Send-OtpChallenge -To 'kim@example.com' -Profile $script:Profile -Purpose 'sign-in' @script:Store -RecipientLimit 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $third | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
    }

    It 'issue 13 finding 2: a quoted local part, upper case and a Unicode domain share one budget; domain literals are refused' {
        $null = Send-OtpChallenge -To 'leo@bücher.example' -Profile $script:Profile -Purpose 'sign-in' @script:Store -RecipientLimit 1
        foreach ($variant in '"leo"@xn--bcher-kva.example', 'LEO@XN--BCHER-KVA.EXAMPLE', 'Leo <leo@BÜCHER.example>') {
            $err = $null
            Send-OtpChallenge -To $variant -Profile $script:Profile -Purpose 'sign-in' @script:Store -RecipientLimit 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRateLimited,*'
        }
        $err = $null
        Send-OtpChallenge -To 'leo@[127.0.0.1]' -Profile $script:Profile -Purpose 'sign-in' @script:Store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeRecipientInvalid,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 1
    }

    It 'issue 13 finding 2: -GlobalLimit caps codes across all recipients of the store' {
        $store = New-ChallengeStore $script:Kind
        $null = Send-OtpChallenge -To 'g1@example.com' -Profile $script:Profile -Purpose 'sign-in' @store -GlobalLimit 2
        $null = Send-OtpChallenge -To 'g2@example.com' -Profile $script:Profile -Purpose 'sign-in' @store -GlobalLimit 2
        $err = $null
        Send-OtpChallenge -To 'g3@example.com' -Profile $script:Profile -Purpose 'sign-in' @store -GlobalLimit 2 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengeGlobalRateLimited,*'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'issue 13 finding 3: a -ChallengeKey from a vault replaces the key file' {
        $vaultKey = 'k' * 40
        $c = Send-OtpChallenge -To 'mia@example.com' -Profile $script:Profile -Purpose 'sign-in' @script:Store -ChallengeKey $vaultKey
        $code = (Get-SentCode -Count 1).Code
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'KeyMismatch'
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' @script:Store -ChallengeKey $vaultKey).Reason | Should -Be 'Valid'
        { Send-OtpChallenge -To 'mia@example.com' -Profile $script:Profile @script:Store -ChallengeKey 'short' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OtpChallengeKeyInvalid,SecureMailOps.Commands.SendOtpChallengeCommand'
    }

    It 'issue 13 finding 4: -Purpose is mandatory; a code for another purpose is refused; -AnyPurpose is explicit' {
        $command = Get-Command Confirm-OtpChallenge
        # Each set comes twice, with -StorePath and with -StoreConnectionString: mandatory in both.
        foreach ($store in 'StorePath', 'StoreConnectionString') {
            $command.Parameters['Purpose'].ParameterSets["Purpose$store"].IsMandatory | Should -BeTrue
            $command.Parameters['AnyPurpose'].ParameterSets["AnyPurpose$store"].IsMandatory | Should -BeTrue
        }
        @($command.Parameters['Purpose'].ParameterSets.Keys | Sort-Object) | Should -Be @('PurposeStoreConnectionString', 'PurposeStorePath')
        $c = Send-OtpChallenge -To 'nina@example.com' -Profile $script:Profile -Purpose 'wire-transfer-approval' @script:Store -RecipientLimit 100
        $code = (Get-SentCode -Count 1).Code
        { Confirm-OtpChallenge -ChallengeId $c.ChallengeId -Code $code @script:Store -ErrorAction Stop } | Should -Throw
        (Confirm-OtpChallenge $c.ChallengeId $code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'PurposeMismatch'
        (Confirm-OtpChallenge $c.ChallengeId $code -AnyPurpose @script:Store).Reason | Should -Be 'Valid'
    }
}

# The challenge key every worker must share, on both stores.
Describe 'The challenge key on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll {
        $script:Kind = $_
        $script:Store = New-ChallengeStore $_
        $script:KeyFile = Join-Path $script:Folder "$_-shared.key"
    }

    AfterEach { Remove-Item Env:SECUREMAILOPS_CHALLENGE_KEY_FILE -ErrorAction SilentlyContinue }

    It 'confirms a code sent with -ChallengeKeyPath on a worker that has the same key file through SECUREMAILOPS_CHALLENGE_KEY_FILE' {
        $sent = Send-TestChallenge -To "key-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile }
        (Get-Item $script:KeyFile).Length | Should -Be 32
        if (-not $IsWindows) { (Get-Item $script:KeyFile).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        $env:SECUREMAILOPS_CHALLENGE_KEY_FILE = $script:KeyFile
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Valid'
    }

    It 'refuses a code confirmed under another key as KeyMismatch' {
        $sent = Send-TestChallenge -To "other-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile }
        $otherKey = Join-Path $script:Folder "$($script:Kind)-other.key"
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -ChallengeKeyPath $otherKey @script:Store).Reason | Should -Be 'KeyMismatch'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -ChallengeKeyPath $script:KeyFile @script:Store).Reason | Should -Be 'Valid'
    }

    It 'without any key, uses the file beside a SQLite store and refuses a PostgreSQL store with OtpChallengeKeyMissing' {
        if ($script:Kind -eq 'SQLite') {
            $sent = Send-TestChallenge -To 'beside@example.com'
            Test-Path "$($script:Store.StorePath).key" | Should -BeTrue
            (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Valid'
        }
        else {
            { Confirm-OtpChallenge 'x' '12345678' -Purpose 'sign-in' @script:Store -ErrorAction Stop } |
                Should -Throw -ErrorId 'OtpChallengeKeyMissing,SecureMailOps.Commands.ConfirmOtpChallengeCommand'
        }
    }

    It 'gives exactly one Valid among 20 parallel confirmations of one emailed code' {
        $sent = Send-TestChallenge -To "race-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile; MaxAttempts = 10 }
        $store = $script:Store
        $keyFile = $script:KeyFile
        $modulePath = $script:ModulePath
        $id = $sent.Challenge.ChallengeId
        $code = $sent.Code
        $reasons = 1..20 | ForEach-Object -ThrottleLimit 20 -Parallel {
            Import-Module $using:modulePath
            $s = $using:store
            (Confirm-OtpChallenge $using:id $using:code -Purpose 'sign-in' -ChallengeKeyPath $using:keyFile @s).Reason.ToString()
        }
        @($reasons).Count | Should -Be 20
        @($reasons | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1
        @($reasons | Where-Object { $_ -ne 'Valid' } | Sort-Object -Unique) | Should -Be @('AlreadyUsed')
    }
}

# The mail, templates and input checks: the same whatever the store, so once, on a SQLite file.
Describe 'Emailed challenge mail, templates and input checks' {
    BeforeAll { $script:Store = New-ChallengeStore 'SQLite' }

    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'sends a mail with plain-text and HTML parts, the never-share line, and no code in the subject' {
        $sent = Send-TestChallenge
        $sent.Raw | Should -Match 'Content-Type: text/plain'
        $sent.Raw | Should -Match 'Content-Type: text/html'
        $sent.Raw | Should -Match 'Never share this code'
        $sent.Subject | Should -Not -Match $sent.Code
        $sent.Subject | Should -Match 'sign-in'
    }

    It 'uses a template file, HTML-encoding values in the HTML part' {
        $template = Join-Path TestDrive: 'code.txt'
        Set-Content $template "Subject: Code for {{Purpose}}`n--- text ---`nYour code:`n    {{Code}}`n--- html ---`n<p>{{Purpose}}: <b>{{Code}}</b></p>"
        $null = Send-OtpChallenge -To 'erin@example.com' -Profile $script:Profile -Purpose '<b>x</b>' -Template $template @script:Store
        $sent = Get-SentCode -Count 1
        $sent.Raw | Should -Match '&lt;b&gt;x&lt;/b&gt;'
        $sent.Subject | Should -Be 'Code for <b>x</b>'
    }

    It 'refuses a template with an unknown placeholder, naming file, line and column, and sends nothing' {
        $template = Join-Path TestDrive: 'bad.txt'
        Set-Content $template "Subject: x`n--- text ---`n{{Code}} {{Nmae}}`n--- html ---`n{{Code}}"
        { Send-OtpChallenge -To 'frank@example.com' -Profile $script:Profile -Template $template @script:Store } |
            Should -Throw -ErrorId 'ChallengeTemplateUnknownPlaceholder,SecureMailOps.Commands.SendOtpChallengeCommand' -ExpectedMessage '*bad.txt*line 3, column 10*Nmae*'
        Start-Sleep -Milliseconds 300
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'refuses a code typed as a number with a hint to quote it, and counts no attempt (a number loses leading zeros)' {
        # Review finding (session 7 note): -Code 01234567 reached the cmdlet as the number 1234567 and failed with a
        # bare type error. A number is refused before anything runs, the hint says to quote it, the value is not echoed.
        $sent = Send-TestChallenge
        $code = '0' + $sent.Code.Substring(1)
        $number = [int]$code
        $err = $null
        try { Confirm-OtpChallenge -ChallengeId $sent.Challenge.ChallengeId -Code $number -Purpose 'sign-in' @script:Store } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,SecureMailOps.Commands.ConfirmOtpChallengeCommand'
        $err.Exception.Message | Should -Match 'in quotes'
        $err.Exception.Message | Should -Match 'leading zeros'
        ($err | Out-String) | Should -Not -Match ([string]$number)
        # Nothing was counted: the right code still confirms.
        (Confirm-OtpChallenge -ChallengeId $sent.Challenge.ChallengeId -Code $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Valid'
    }

    It 'refuses a validity longer than ten minutes and fewer than seven digits' {
        { Send-OtpChallenge -To 'a@example.com' -Profile $script:Profile -ValidFor '00:11:00' @script:Store } |
            Should -Throw -ErrorId 'OtpChallengeValidityInvalid,SecureMailOps.Commands.SendOtpChallengeCommand'
        { Send-OtpChallenge -To 'a@example.com' -Profile $script:Profile -Digits 6 @script:Store } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.SendOtpChallengeCommand'
    }

    It 'creates no store file in a -WhatIf run' {
        $fresh = Join-Path TestDrive: 'never-created.db'
        Send-OtpChallenge -To 'gina@example.com' -Profile $script:Profile -StorePath $fresh -WhatIf | Should -BeNullOrEmpty
        Clear-OtpChallenge -StorePath $fresh -WhatIf | Should -BeNullOrEmpty
        Test-Path $fresh | Should -BeFalse
    }

    It 'issue 13 finding 3: the code hash is keyed by an owner-only key beside a SQLite store, unless a -ChallengeKey replaces it' {
        $null = Send-TestChallenge -To 'max@example.com'
        $key = "$($script:Store.StorePath).key"
        Test-Path $key | Should -BeTrue
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($key) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $store = Join-Path $TestDrive 'supplied.db'
        $null = Send-OtpChallenge -To 'mia@example.com' -Profile $script:Profile -Purpose 'sign-in' -StorePath $store -ChallengeKey ('k' * 40)
        Test-Path "$store.key" | Should -BeFalse
    }

    It 'issue 13 finding 7: a purpose must be one printable line of at most 64 characters' {
        foreach ($purpose in "wire-transfer`r`ncall +1-555-0100 and read this code to our agent", "tab`there", "zero$([char]0x200B)width") {
            $err = $null
            Send-OtpChallenge -To 'olga@example.com' -Profile $script:Profile -Purpose $purpose @script:Store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpChallengePurposeInvalid,*'
        }
        { Send-OtpChallenge -To 'olga@example.com' -Profile $script:Profile -Purpose ('a' * 65) @script:Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.SendOtpChallengeCommand'
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'shows times as yyyy-MM-dd HH:mm:ssZ in table and list views, like Get-OtpCode' {
        $c = Send-OtpChallenge -To 'pia@example.com' -Profile $script:Profile -Purpose 'sign-in' @script:Store -RecipientLimit 100
        $views = @(
            ($c | Format-Table | Out-String -Width 120)
            ($c | Format-List | Out-String -Width 120)
            (Get-OtpActivity -To 'pia@example.com' @script:Store | Format-Table | Out-String -Width 120)
            (Get-OtpActivity -To 'pia@example.com' @script:Store | Format-List | Out-String -Width 120)
        )
        foreach ($view in $views) {
            $view | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z'
            $view | Should -Not -Match '\+00:00'
        }
    }
}
