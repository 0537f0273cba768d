# Emailed challenges on both stores (SQLite file and a real PostgreSQL), through the built module: the
# challenge key every worker must share, and 20 parallel confirmations of one code. One smtp4dev and one
# PostgreSQL server for the whole file.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/PostgreSql.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force

    $script:Smtp = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'alice=s3cret'
    $credential = [pscredential]::new('otp@example.com', (ConvertTo-SecureString 'Planted-SMTP-Pa55word!' -AsPlainText -Force))
    $script:Profile = New-SmtpProfile -Server localhost -Port $script:Smtp.SmtpPort -TlsMode StartTls -Credential $credential -CertificatePin $script:Smtp.CertificatePin
    $script:Pg = Start-TestPostgres
    $script:Folder = Join-Path ([IO.Path]::GetTempPath()) ('smo-store-challenge-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Folder | Out-Null
    $script:Stores = @{
        SQLite     = @{ StorePath = (Join-Path $script:Folder 'state.db') }
        PostgreSQL = @{ StoreConnectionString = $script:Pg.Uri; StoreCredential = [pscredential]::new($script:Pg.Role, (ConvertTo-SecureString $script:Pg.Password -AsPlainText -Force)) }
    }

    function Send-StoreChallenge {
        # Sends one challenge through smtp4dev and returns it with the code read back from the mail.
        param([hashtable] $Store, [string] $To, [hashtable] $Extra = @{})
        Clear-Smtp4devMessage -Server $script:Smtp
        $challenge = Send-OtpChallenge -To $To -Profile $script:Profile -Purpose 'sign-in' -RecipientLimit 100 @Store @Extra -ErrorAction Stop
        $message = Wait-Smtp4devMessage -Server $script:Smtp -Count 1 -Raw | Select-Object -First 1
        if ($message.Raw -notmatch '(?m)^\s+(\d{7,10})\s*$') { throw "No code found in the mail: $($message.Raw)" }
        [pscustomobject]@{ Challenge = $challenge; Code = $Matches[1] }
    }
}

AfterAll {
    if ($script:Smtp) { Stop-Smtp4dev $script:Smtp }
    if ($script:Pg) { Stop-TestPostgres $script:Pg }
    if ($script:Folder) { Remove-Item -Recurse -Force $script:Folder -ErrorAction SilentlyContinue }
    Remove-Item Env:SECUREMAILOPS_CHALLENGE_KEY_FILE -ErrorAction SilentlyContinue
}

Describe 'Emailed challenges on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll {
        $script:Kind = $_
        $script:Store = $script:Stores[$_]
        $script:KeyFile = Join-Path $script:Folder "$_-shared.key"
    }

    AfterEach { Remove-Item Env:SECUREMAILOPS_CHALLENGE_KEY_FILE -ErrorAction SilentlyContinue }

    It 'confirms a code sent with -ChallengeKeyPath on a worker that has the same key file through SECUREMAILOPS_CHALLENGE_KEY_FILE' {
        $sent = Send-StoreChallenge -Store $script:Store -To "key-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile }
        (Get-Item $script:KeyFile).Length | Should -Be 32
        if (-not $IsWindows) { (Get-Item $script:KeyFile).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        $env:SECUREMAILOPS_CHALLENGE_KEY_FILE = $script:KeyFile
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Valid'
    }

    It 'refuses a code confirmed under another key as KeyMismatch' {
        $sent = Send-StoreChallenge -Store $script:Store -To "other-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile }
        $otherKey = Join-Path $script:Folder "$($script:Kind)-other.key"
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -ChallengeKeyPath $otherKey @script:Store).Reason | Should -Be 'KeyMismatch'
        (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' -ChallengeKeyPath $script:KeyFile @script:Store).Reason | Should -Be 'Valid'
    }

    It 'without any key, uses the file beside a SQLite store and refuses a PostgreSQL store with OtpChallengeKeyMissing' {
        if ($script:Kind -eq 'SQLite') {
            $sent = Send-StoreChallenge -Store $script:Store -To 'beside@example.com'
            Test-Path "$($script:Store.StorePath).key" | Should -BeTrue
            (Confirm-OtpChallenge $sent.Challenge.ChallengeId $sent.Code -Purpose 'sign-in' @script:Store).Reason | Should -Be 'Valid'
        }
        else {
            { Confirm-OtpChallenge 'x' '12345678' -Purpose 'sign-in' @script:Store -ErrorAction Stop } |
                Should -Throw -ErrorId 'OtpChallengeKeyMissing,SecureMailOps.Commands.ConfirmOtpChallengeCommand'
        }
    }

    It 'gives exactly one Valid among 20 parallel confirmations of one emailed code' {
        $sent = Send-StoreChallenge -Store $script:Store -To "race-$($script:Kind)@example.com".ToLowerInvariant() -Extra @{ ChallengeKeyPath = $script:KeyFile; MaxAttempts = 10 }
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
