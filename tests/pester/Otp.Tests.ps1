BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force
    $script:RfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' # "12345678901234567890", RFC 4226/6238
    function New-TestStorePath { Join-Path $TestDrive ("store-{0}.db" -f [guid]::NewGuid().ToString('N')) }

    # The stateful Describe blocks run once per store: a fresh SQLite file, or a fresh database on one
    # PostgreSQL server started for the whole file.
    Import-Module "$PSScriptRoot/../../build/PostgreSql.psm1" -Force
    $script:Pg = Start-TestPostgres
    function New-TestStore {
        param([string] $Kind)
        if ($Kind -eq 'PostgreSQL') { New-TestPostgresStore $script:Pg } else { @{ StorePath = New-TestStorePath } }
    }

    # The store as command-line text for a child pwsh (a PostgreSQL password comes from PGPASSWORD).
    function ConvertTo-StoreArgument {
        param([hashtable] $Store)
        if ($Store.ContainsKey('StorePath')) { "-StorePath '$($Store.StorePath)'" } else { "-StoreConnectionString '$($Store.StoreConnectionString)'" }
    }
}

AfterAll {
    if ($script:Pg) { Stop-TestPostgres $script:Pg }
}

Describe 'New-OtpSecret' {
    It 'defaults to the HMAC output size for <Algorithm>' -ForEach @(
        @{ Algorithm = 'SHA1'; Bits = 160 }
        @{ Algorithm = 'SHA256'; Bits = 256 }
        @{ Algorithm = 'SHA512'; Bits = 512 }
    ) {
        $secret = New-OtpSecret -Algorithm $Algorithm
        $secret.Bits | Should -Be $Bits
        $secret.Secret | Should -Match '^[A-Z2-7]+$'
        $secret.PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.Otp.OtpSecret'
    }

    It 'never shows the secret in its default view or as a string' {
        $secret = New-OtpSecret
        ($secret | Out-String) | Should -Not -Match $secret.Secret
        "$secret" | Should -Not -Match $secret.Secret
        $list = $secret | Format-List | Out-String
        $list | Should -Match 'hidden'
        $list | Should -Not -Match $secret.Secret
    }

    It 'refuses fewer than 16 bytes with a clear error' {
        { New-OtpSecret -Length 15 } | Should -Throw -ErrorId 'OtpSecretTooShort,SecureMailOps.Commands.NewOtpSecretCommand'
        try { New-OtpSecret -Length 10 } catch { $_.CategoryInfo.Category | Should -Be 'InvalidArgument'; $_.Exception.Message | Should -Match '128 bits' }
        (New-OtpSecret -Length 16).Bits | Should -Be 128
    }
}

Describe 'New-OtpEnrollment' {
    It 'builds the Key URI and writes a PNG; the default view hides the URI and the secret' {
        $png = Join-Path $TestDrive 'alice.png'
        $enrollment = New-OtpEnrollment -Issuer 'Contoso Mail' -AccountName 'alice@contoso.com' -Secret $script:RfcSecret -QrCodePath $png
        $enrollment.Uri | Should -BeExactly "otpauth://totp/Contoso%20Mail:alice%40contoso.com?secret=$($script:RfcSecret)&issuer=Contoso%20Mail&algorithm=SHA1&digits=6&period=30"
        $enrollment.QrCodePath | Should -Be $png
        [IO.File]::ReadAllBytes($png)[1..3] | Should -Be @(0x50, 0x4E, 0x47)
        # The PNG holds the secret: readable by its owner only, also when it replaces an existing file.
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($png) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $replaced = Join-Path $TestDrive 'replaced.png'
        Set-Content -Path $replaced -Value 'old'
        if (-not $IsWindows) { [IO.File]::SetUnixFileMode($replaced, [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead') }
        $null = New-OtpEnrollment -Issuer 'Contoso Mail' -AccountName 'alice@contoso.com' -Secret $script:RfcSecret -QrCodePath $replaced
        [IO.File]::ReadAllBytes($replaced)[1..3] | Should -Be @(0x50, 0x4E, 0x47)
        if (-not $IsWindows) { [IO.File]::GetUnixFileMode($replaced) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        @(Get-ChildItem $TestDrive -Filter '*.tmp' -Force) | Should -BeNullOrEmpty
        $view = $enrollment | Out-String -Width 300
        $view | Should -Not -Match $script:RfcSecret
        $view | Should -Match 'Contoso Mail'
        ($enrollment | Format-List | Out-String -Width 300) | Should -Not -Match $script:RfcSecret
    }

    It 'takes Secret and Algorithm from New-OtpSecret by property name and normalises a sloppy secret' {
        $secret = New-OtpSecret -Algorithm SHA512
        $enrollment = $secret | New-OtpEnrollment -Issuer 'I' -AccountName 'a'
        $enrollment.Secret | Should -BeExactly $secret.Secret
        $enrollment.Algorithm | Should -Be 'SHA512'
        (New-OtpEnrollment -Issuer I -AccountName a -Secret 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq==').Secret | Should -BeExactly $script:RfcSecret
    }

    It 'writes nothing under -WhatIf' {
        $png = Join-Path $TestDrive 'whatif.png'
        $enrollment = New-OtpEnrollment -Issuer I -AccountName a -QrCodePath $png -WhatIf
        Test-Path $png | Should -BeFalse
        $enrollment.QrCodePath | Should -BeNullOrEmpty
    }

    It 'refuses to enroll a secret shorter than 128 bits' {
        { New-OtpEnrollment -Issuer I -AccountName a -Secret 'JBSWY3DPEHPK3PXP' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OtpSecretTooShort,SecureMailOps.Commands.NewOtpEnrollmentCommand'
    }

    It 'refuses a colon in the issuer' {
        $err = $null
        New-OtpEnrollment -Issuer 'Bad:Issuer' -AccountName a -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'OtpEnrollmentLabelColon,SecureMailOps.Commands.NewOtpEnrollmentCommand'
    }
}

Describe 'Test-OtpCode on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll { $script:Kind = $_ }

    It 'accepts the current code once for an account, then refuses it as Replayed' {
        $store = New-TestStore $script:Kind
        $secret = (New-OtpSecret).Secret
        $code = (Get-OtpCode -Secret $secret).Code
        $first = Test-OtpCode -Secret $secret -Code $code -AccountId 'alice' @store
        $first.Valid | Should -BeTrue
        $first.Reason | Should -Be 'Valid'
        $first.PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.Otp.OtpVerificationResult'
        $second = Test-OtpCode -Secret $secret -Code $code -AccountId 'ALICE' @store
        $second.Valid | Should -BeFalse
        $second.Reason | Should -Be 'Replayed'
        Test-OtpCode -Secret $secret -Code $code -AccountId 'alice' @store -Quiet | Should -BeFalse
    }

    It 'without -AccountId is stateless' {
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        Test-OtpCode -Secret $script:RfcSecret -Code $code -Quiet | Should -BeTrue
        Test-OtpCode -Secret $script:RfcSecret -Code $code -Quiet | Should -BeTrue
    }

    It 'returns Malformed as a result for <Code>' -ForEach @(@{ Code = 'abcdef' }, @{ Code = '12345' }, @{ Code = '' }) {
        $result = Test-OtpCode -Secret $script:RfcSecret -Code $Code -ErrorAction Stop
        $result.Reason | Should -Be 'Malformed'
        $result.Valid | Should -BeFalse
    }

    It 'reports an invalid secret as an error with a stable id' {
        { Test-OtpCode -Secret 'ABC1DEFG' -Code '123456' -ErrorAction Stop } | Should -Throw -ErrorId 'OtpSecretInvalidCharacter,SecureMailOps.Commands.TestOtpCodeCommand'
    }

    It 'locks the account after -MaxFailures consecutive failures, for -LockoutDuration' {
        $store = New-TestStore $script:Kind
        $results = 1..3 | ForEach-Object { Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'bob' @store -MaxFailures 3 -LockoutDuration '00:10:00' }
        $results.Reason | Should -Be @('Invalid', 'Invalid', 'Invalid')
        $results[2].LockedUntil | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(9))
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'bob' @store).Reason | Should -Be 'LockedOut'
    }

    It 'refuses -MaxFailures above 100' {
        { Test-OtpCode -Secret $script:RfcSecret -Code '000000' -MaxFailures 101 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.TestOtpCodeCommand'
    }

    It 'verifies HOTP with look-ahead and moves the stored counter past the match' {
        $store = New-TestStore $script:Kind
        $ahead = Test-OtpCode -Secret $script:RfcSecret -Code '338314' -Hotp -AccountId 'token' @store -LookAhead 5
        $ahead.Valid | Should -BeTrue
        $ahead.Step | Should -Be 4
        $ahead.NextCounter | Should -Be 5
        (Test-OtpCode -Secret $script:RfcSecret -Code '338314' -Hotp -AccountId 'token' @store).Reason | Should -Be 'Replayed'
        (Test-OtpCode -Secret $script:RfcSecret -Code '254676' -Hotp -AccountId 'token' @store -LookAhead 0).Valid | Should -BeTrue
    }

    It 'binds Secret, Code and AccountId from the pipeline by property name' {
        $store = New-TestStore $script:Kind
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        $result = [pscustomobject]@{ Secret = $script:RfcSecret; Code = $code; AccountId = 'carol' } | Test-OtpCode @store
        $result.Valid | Should -BeTrue
        $result.AccountId | Should -Be 'carol'
    }

    It 'uses SECUREMAILOPS_STORE (a file path, or a postgresql:// URI with the password in PGPASSWORD) when no store is given' {
        $store = New-TestStore $script:Kind
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        $saved = $env:SECUREMAILOPS_STORE
        try {
            if ($script:Kind -eq 'SQLite') { $env:SECUREMAILOPS_STORE = $store.StorePath }
            else {
                $database = [regex]::Match($store.StoreConnectionString, 'Database=([^;]+)').Groups[1].Value
                $env:SECUREMAILOPS_STORE = "postgresql://$($script:Pg.Role)@127.0.0.1:$($script:Pg.Port)/$($database)?sslmode=disable"
                $env:PGPASSWORD = $script:Pg.Password
            }
            (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'dave').Valid | Should -BeTrue
            if ($script:Kind -eq 'SQLite') { Test-Path $store.StorePath | Should -BeTrue }
            (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'dave' @store).Reason | Should -Be 'Replayed'
        }
        finally { $env:SECUREMAILOPS_STORE = $saved; Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue }
    }

    It 'never writes the secret or the code to any stream' {
        $store = New-TestStore $script:Kind
        $secret = (New-OtpSecret).Secret
        $code = (Get-OtpCode -Secret $secret).Code
        $all = & {
            Test-OtpCode -Secret $secret -Code $code -AccountId 'erin' @store -Verbose -Debug
            Test-OtpCode -Secret $secret -Code $code -AccountId 'erin' @store -Verbose
            Test-OtpCode -Secret ($secret + '1') -Code $code -Verbose -ErrorAction SilentlyContinue -ErrorVariable e; $e
        } *>&1 | Out-String -Width 400
        $all | Should -Not -Match $secret
        $all | Should -Not -Match $code
        $all | Should -Match 'Replayed'
    }

    It 'gives exactly one Valid when 16 runspaces verify the same code for one account at once' {
        $store = New-TestStore $script:Kind
        $secret = (New-OtpSecret).Secret
        $code = (Get-OtpCode -Secret $secret).Code
        $barrier = [System.Threading.Barrier]::new(16)
        $module = $script:ModulePath
        $reasons = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:module
            $s = $using:store
            $null = ($using:barrier).SignalAndWait(60000)
            (Test-OtpCode -Secret $using:secret -Code $using:code -AccountId 'frank' @s -MaxFailures 100).Reason.ToString()
        }
        @($reasons | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1
        @($reasons | Where-Object { $_ -eq 'Replayed' }).Count | Should -Be 15
    }

    It 'gives exactly one Valid when 6 separate processes verify the same code at once' {
        $store = New-TestStore $script:Kind
        $secret = (New-OtpSecret).Secret
        $go = Join-Path $TestDrive "go-$([guid]::NewGuid().ToString('N'))"
        $cmd = Get-PwshCommandLine
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModulePath'
New-Item -ItemType File -Path ('$go' + '-ready-' + `$PID) | Out-Null
`$deadline = [DateTime]::UtcNow.AddSeconds(600)
while (-not (Test-Path '$go') -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 20 }
`$code = (Get-Content -Raw '$go').Trim()
(Test-OtpCode -Secret '$secret' -Code `$code -AccountId 'gina' $(ConvertTo-StoreArgument $store) -MaxFailures 100).Reason.ToString()
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        # The children inherit the environment: a PostgreSQL store's password reaches them only through PGPASSWORD.
        if ($script:Kind -eq 'PostgreSQL') { $env:PGPASSWORD = $script:Pg.Password }
        $processes = foreach ($i in 1..6) {
            $out = Join-Path $TestDrive "proc-$i-$([guid]::NewGuid().ToString('N')).txt"
            $arguments = @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
            [pscustomobject]@{ Out = $out; Process = Start-Process -FilePath $cmd[0] -ArgumentList $arguments -RedirectStandardOutput $out -NoNewWindow -PassThru }
        }
        Remove-Item Env:PGPASSWORD -ErrorAction SilentlyContinue
        # The code is made once every process is ready (starting 6 pwsh on a loaded machine can outlast a
        # TOTP window), written to a temporary name and moved, so no process reads half a file.
        $readyBy = [DateTime]::UtcNow.AddMinutes(8)
        while (@(Get-ChildItem (Split-Path $go) -Filter "$(Split-Path $go -Leaf)-ready-*").Count -lt 6 -and [DateTime]::UtcNow -lt $readyBy) { Start-Sleep -Milliseconds 100 }
        Set-Content -Path "$go.tmp" -Value (Get-OtpCode -Secret $secret).Code
        Move-Item "$go.tmp" $go
        foreach ($p in $processes) { $p.Process.WaitForExit(180000) | Should -BeTrue }
        $reasons = foreach ($p in $processes) { (Get-Content $p.Out | Where-Object { $_ } | Select-Object -Last 1).Trim() }
        @($reasons | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1 -Because ($reasons -join ', ')
        @($reasons | Where-Object { $_ -eq 'Replayed' }).Count | Should -Be 5
    }
}

Describe 'The SQLite state store in the built module' {
    It 'loads the native e_sqlite3 that the module ships, through its own load context' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because '/proc/<pid>/maps is Linux only'; return }
        $store = New-TestStorePath
        $out = Invoke-FreshPwsh @"
Import-Module '$script:ModulePath'
`$r = Test-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' -Code '000000' -AccountId 'x' -StorePath '$store'
'REASON=' + `$r.Reason
`$sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' }
'ALC=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$sqlite).GetType().FullName
Get-Content "/proc/`$PID/maps" | Where-Object { `$_ -match 'e_sqlite3' } | ForEach-Object { 'NATIVE=' + (`$_ -split '\s+')[-1] } | Select-Object -First 1
"@
        Get-LastFreshExitCode | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'REASON=Invalid'
        $out | Should -Contain 'ALC=SecureMailOps.Hosting.DependencyLoadContext'
        $native = ($out | Where-Object { "$_" -like 'NATIVE=*' }) -replace '^NATIVE='
        $moduleDir = Split-Path $script:ModulePath
        $native | Should -BeLike (Join-Path $moduleDir 'dependencies' 'runtimes' '*' 'native' 'libe_sqlite3.so')
    }
}

Describe 'Clear-OtpActivity on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll { $script:Kind = $_ }

    It 'deletes entries before the cut-off, for one account or all, honours -WhatIf, and keeps account state' {
        $store = New-TestStore $script:Kind
        $now = [DateTimeOffset]::UtcNow
        foreach ($account in 'alice', 'alice', 'bob') {
            $null = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId $account @store
        }
        @(Get-OtpActivity @store).Count | Should -Be 3

        # -WhatIf: nothing deleted, and for a store that does not exist, no file created.
        Clear-OtpActivity -Before $now.AddMinutes(5) @store -WhatIf -PassThru | Should -BeNullOrEmpty
        @(Get-OtpActivity @store).Count | Should -Be 3
        $missing = New-TestStorePath
        Clear-OtpActivity -Before $now -StorePath $missing -WhatIf
        Test-Path $missing | Should -BeFalse

        # Nothing is older than an hour ago; then only Alice's entries, by pipeline property name.
        Clear-OtpActivity -Before $now.AddHours(-1) @store -PassThru -Confirm:$false | Should -Be 0
        [pscustomobject]@{ AccountId = 'ALICE' } | Clear-OtpActivity -Before $now.AddMinutes(5) @store -PassThru -Confirm:$false | Should -Be 2
        (Get-OtpActivity @store).Subject | Should -Be @('bob')

        # The log is gone for Alice, but her failure count is not: the next failure is her third.
        $third = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'alice' @store
        $third.FailureCount | Should -Be 3
        Clear-OtpActivity -Before $now.AddMinutes(5) @store -PassThru -Confirm:$false | Should -Be 2
        Get-OtpActivity @store | Should -BeNullOrEmpty
    }
}

Describe 'Backup codes on the <_> store' -ForEach @('SQLite', 'PostgreSQL') {
    BeforeAll { $script:Kind = $_ }

    It 'issues grouped codes that are accepted exactly once' {
        $store = New-TestStore $script:Kind
        $codes = New-OtpBackupCode -AccountId 'alice' -Count 4 @store
        $codes.Count | Should -Be 4
        $codes[0].Code | Should -Match '^([2-9A-HJKMNP-TV-Z]{4}-){5}[2-9A-HJKMNP-TV-Z]{4}$'
        $codes[0].PSObject.TypeNames[0] | Should -Be 'SecureMailOps.Core.Otp.OtpBackupCode'
        $first = Test-OtpBackupCode -AccountId 'alice' -Code $codes[1].Code.ToLower() @store
        $first.Valid | Should -BeTrue
        $first.Remaining | Should -Be 3
        $again = Test-OtpBackupCode -AccountId 'alice' -Code $codes[1].Code @store
        $again.Reason | Should -Be 'Replayed'
        $again.Remaining | Should -Be 3
        (Test-OtpBackupCode -AccountId 'alice' -Code 'nonsense' @store).Reason | Should -Be 'Malformed'
        # A number is refused by parameter binding, with the hint to quote it: the cmdlet never runs.
        { Test-OtpBackupCode -AccountId 'alice' -Code 12345678 @store } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,SecureMailOps.Commands.TestOtpBackupCodeCommand' -ExpectedMessage '*in quotes*'
        $secure = ConvertTo-SecureString $codes[2].Code -AsPlainText -Force
        Test-OtpBackupCode -AccountId 'alice' -Code $secure @store -Quiet | Should -BeTrue
    }

    It 'revokes the previous set when a new one is issued, and not under -WhatIf' {
        $store = New-TestStore $script:Kind
        $old = New-OtpBackupCode -AccountId 'bob' -Count 2 @store
        New-OtpBackupCode -AccountId 'bob' @store -WhatIf | Should -BeNullOrEmpty
        (Test-OtpBackupCode -AccountId 'bob' -Code $old[0].Code @store).Valid | Should -BeTrue
        $null = New-OtpBackupCode -AccountId 'bob' -Count 2 @store
        (Test-OtpBackupCode -AccountId 'bob' -Code $old[1].Code @store).Reason | Should -Be 'Invalid'
    }

    It 'counts failures towards the lock-out like Test-OtpCode' {
        $store = New-TestStore $script:Kind
        $codes = New-OtpBackupCode -AccountId 'carol' -Count 1 @store
        $null = 1..2 | ForEach-Object { Test-OtpBackupCode -AccountId 'carol' -Code 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA' @store -MaxFailures 2 }
        (Test-OtpBackupCode -AccountId 'carol' -Code $codes[0].Code @store -MaxFailures 2).Reason | Should -Be 'LockedOut'
    }

    It 'gives exactly one Valid when 16 runspaces use the same backup code at once' {
        $store = New-TestStore $script:Kind
        $code = (New-OtpBackupCode -AccountId 'dave' -Count 1 @store).Code
        $barrier = [System.Threading.Barrier]::new(16)
        $module = $script:ModulePath
        $results = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:module
            $s = $using:store
            $null = ($using:barrier).SignalAndWait(60000)
            Test-OtpBackupCode -AccountId 'dave' -Code $using:code @s -MaxFailures 100 -Quiet
        }
        @($results | Where-Object { $_ }).Count | Should -Be 1
    }
}

Describe 'Issue 13 review findings (OTP and the store)' {
    It 'finding 5: the per-attempt HOTP look-ahead is at most 20; resynchronising needs two consecutive codes' {
        { Test-OtpCode -Secret $script:RfcSecret -Code '123456' -Hotp -LookAhead 21 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.TestOtpCodeCommand'
        $store = New-TestStorePath
        $c = 500..502 | ForEach-Object { (Get-OtpCode -Secret $script:RfcSecret -Hotp -Counter $_).Code }
        (Test-OtpCode -Secret $script:RfcSecret -Code $c[0] -Hotp -AccountId 'fob' -StorePath $store -LookAhead 20).Reason | Should -Be 'Invalid'
        (Test-OtpCode -Secret $script:RfcSecret -Code $c[0] -NextCode $c[2] -Resynchronize -ResyncWindow 1000 -AccountId 'fob' -StorePath $store).Reason | Should -Be 'Invalid'
        $resync = Test-OtpCode -Secret $script:RfcSecret -Code $c[0] -NextCode $c[1] -Resynchronize -ResyncWindow 1000 -AccountId 'fob' -StorePath $store
        $resync.Valid | Should -BeTrue
        $resync.NextCounter | Should -Be 502
        (Test-OtpCode -Secret $script:RfcSecret -Code $c[2] -Hotp -AccountId 'fob' -StorePath $store).Valid | Should -BeTrue
        (Get-OtpActivity -AccountId 'fob' -StorePath $store).Outcome | Should -Contain 'Resynchronized'
    }

    It 'finding 5: a lock-out that ended leaves the failures counted, so the next failure locks again for longer' {
        $store = New-TestStorePath
        $first = 1..3 | ForEach-Object { Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'eve' -StorePath $store -MaxFailures 3 -LockoutDuration '00:00:01' }
        $first[2].LockedUntil | Should -Not -BeNullOrEmpty
        while ([DateTimeOffset]::UtcNow -le $first[2].LockedUntil) { Start-Sleep -Milliseconds 100 }
        # Measured from just before the call, so a slow call on a loaded machine cannot shorten it.
        $before = [DateTimeOffset]::UtcNow
        $again = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'eve' -StorePath $store -MaxFailures 3 -LockoutDuration '00:00:01'
        $again.Reason | Should -Be 'Invalid'
        $again.FailureCount | Should -Be 4
        ($again.LockedUntil - $before).TotalSeconds | Should -BeGreaterOrEqual 1.99
    }

    It 'finding 6: look-alike account ids are one account, invisible characters are refused' {
        $store = New-TestStorePath
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'alice' -StorePath $store).Valid | Should -BeTrue
        (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'ａｌｉｃｅ' -StorePath $store).Reason | Should -Be 'Replayed'
        $err = $null
        Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId "alice$([char]0x200B)" -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'OtpAccountIdInvalid,SecureMailOps.Commands.TestOtpCodeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'finding 8: the QR code PNG (it encodes the secret) is written owner-only, also over an existing file' -Skip:$IsWindows {
        $png = Join-Path $TestDrive 'enroll.png'
        Set-Content -Path $png -Value 'old'
        [IO.File]::SetUnixFileMode($png, [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
        $null = New-OtpEnrollment -Issuer 'Contoso' -AccountName 'alice@example.com' -QrCodePath $png
        [IO.File]::GetUnixFileMode($png) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        [IO.File]::ReadAllBytes($png)[1..3] | Should -Be ([byte[]][char[]]'PNG')
    }

    It 'finding 9: a store from a newer module is refused with nothing written' {
        $store = New-TestStorePath
        $null = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'x' -StorePath $store
        # A copy of a real store whose header says schema 99 (user_version, offset 60, big-endian) in rollback-journal mode.
        $bytes = [IO.File]::ReadAllBytes($store)
        [Array]::Copy([BitConverter]::GetBytes([System.Net.IPAddress]::HostToNetworkOrder([int]99)), 0, $bytes, 60, 4)
        $bytes[18] = 1; $bytes[19] = 1
        $newer = New-TestStorePath
        [IO.File]::WriteAllBytes($newer, $bytes)
        $before = (Get-FileHash $newer).Hash
        $err = $null
        Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'x' -StorePath $newer -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'StateStoreTooNew,SecureMailOps.Commands.TestOtpCodeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        (Get-FileHash $newer).Hash | Should -Be $before
        Test-Path "$newer-wal" | Should -BeFalse
    }
}

Describe 'The store kept open for the session' {
    It 'keeps one handle per store between calls, and closes it when the module is removed' -Skip:(-not $IsLinux) {
        $store = New-TestStorePath
        $null = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'k' -StorePath $store
        $null = Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'k' -StorePath $store
        $open = @(Get-ChildItem "/proc/$PID/fd" -ErrorAction SilentlyContinue | ForEach-Object { $_.LinkTarget } | Where-Object { $_ -eq $store })
        $open.Count | Should -Be 1
        Remove-Module SecureMailOps
        @(Get-ChildItem "/proc/$PID/fd" -ErrorAction SilentlyContinue | ForEach-Object { $_.LinkTarget } | Where-Object { $_ -eq $store }).Count | Should -Be 0
        Import-Module $script:ModulePath -Force
    }

    It 'keeps a used code used when the process dies right after verifying it (durable commit)' {
        $store = New-TestStorePath
        $code = (Get-OtpCode -Secret $script:RfcSecret).Code
        # The child verifies, prints the result and kills itself (no disposal, no module removal, no checkpoint).
        $output = Invoke-FreshPwsh -Command "Import-Module '$($script:ModulePath)'; `$r = Test-OtpCode -Secret '$($script:RfcSecret)' -Code '$code' -AccountId 'crash' -StorePath '$store'; [Console]::Out.WriteLine(`$r.Reason); [Console]::Out.Flush(); Stop-Process -Id `$PID -Force"
        ($output -join "`n") | Should -Match 'Valid'
        Get-LastFreshExitCode | Should -Not -Be 0
        (Test-OtpCode -Secret $script:RfcSecret -Code $code -AccountId 'crash' -StorePath $store).Reason | Should -Be 'Replayed'
    }
}

Describe 'Views' {
    It 'New-OtpEnrollment''s table fits 80 columns without wrapping a header' {
        $store = Join-Path $TestDrive 'view.png'
        $text = New-OtpEnrollment -Issuer 'Contoso' -AccountName 'alice@example.com' -QrCodePath $store | Format-Table | Out-String -Width 80
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match 'QrCodePath\s*$'
        $lines[1] | Should -Match '^-'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }

    It 'shows every time as yyyy-MM-dd HH:mm:ssZ, in tables and lists' {
        $store = New-TestStorePath
        $results = 1..3 | ForEach-Object { Test-OtpCode -Secret $script:RfcSecret -Code '000000' -AccountId 'view' -StorePath $store -MaxFailures 3 }
        foreach ($view in @(
            (Get-OtpCode -Secret $script:RfcSecret | Format-List | Out-String),
            ($results[2] | Format-Table | Out-String -Width 120),
            ($results[2] | Format-List | Out-String),
            (Get-OtpActivity -AccountId 'view' -StorePath $store | Format-Table | Out-String -Width 120),
            (Get-OtpActivity -AccountId 'view' -StorePath $store | Format-List | Out-String))) {
            $view | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z'
            $view | Should -Not -Match '\+00:00'
        }
    }
}
