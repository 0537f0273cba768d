# -StorePath and -StoreConnectionString on every cmdlet that has a store are separate parameter sets:
# PowerShell's binder refuses both together (AmbiguousParameterSet), syntax and help show both. On the
# cmdlets without parameter sets of their own they are dynamic parameters in two sets; on those with
# sets of their own (Test-OtpCode, Get-/Clear-OtpActivity, Confirm-OtpChallenge) they are static and each
# own set is crossed with them (XStorePath, XStoreConnectionString; CrossedStoreSets in the source says
# how the binder chooses). The calls that worked with one set per own set still bind the same way, with
# and without pipeline input. Names and paths tab-complete everywhere. No server is needed: the
# refusals come before any store is opened, and the positive cases open SQLite files only (a server
# set chosen is shown by its connection error from a closed port; the PostgreSQL side of every cmdlet
# runs in Otp.Tests.ps1, Challenge.Tests.ps1 and the Store.*.Tests.ps1 files).
BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    # Each store cmdlet with a valid call in each of its own parameter sets (without the store).
    $script:Calls = @(
        @{ Name = 'Test-OtpCode'; Own = 'Totp'; Arguments = @{ Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; Code = '123456'; AccountId = 'sets' } }
        @{ Name = 'Test-OtpCode'; Own = 'Hotp'; Arguments = @{ Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; Code = '123456'; AccountId = 'sets'; Hotp = $true } }
        @{ Name = 'Test-OtpCode'; Own = 'HotpResync'; Arguments = @{ Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; Code = '123456'; NextCode = '654321'; AccountId = 'sets'; Resynchronize = $true } }
        @{ Name = 'Test-OtpBackupCode'; Own = ''; Arguments = @{ AccountId = 'sets'; Code = 'AAAA-AAAA' } }
        @{ Name = 'New-OtpBackupCode'; Own = ''; Arguments = @{ AccountId = 'sets'; Confirm = $false } }
        @{ Name = 'Get-OtpActivity'; Own = 'All'; Arguments = @{} }
        @{ Name = 'Get-OtpActivity'; Own = 'Account'; Arguments = @{ AccountId = 'sets' } }
        @{ Name = 'Get-OtpActivity'; Own = 'Recipient'; Arguments = @{ To = 'sets@example.com' } }
        @{ Name = 'Clear-OtpActivity'; Own = 'All'; Arguments = @{ Before = [DateTimeOffset]::UtcNow; Confirm = $false } }
        @{ Name = 'Clear-OtpActivity'; Own = 'Account'; Arguments = @{ Before = [DateTimeOffset]::UtcNow; AccountId = 'sets'; Confirm = $false } }
        @{ Name = 'Clear-OtpActivity'; Own = 'Recipient'; Arguments = @{ Before = [DateTimeOffset]::UtcNow; To = 'sets@example.com'; Confirm = $false } }
        @{ Name = 'Clear-OtpChallenge'; Own = ''; Arguments = @{ Confirm = $false } }
        @{ Name = 'Send-OtpChallenge'; Own = ''; Arguments = @{ To = 'sets@example.com'; From = 'otp@example.com'; WhatIf = $true }; NeedsProfile = $true }
        @{ Name = 'Confirm-OtpChallenge'; Own = 'Purpose'; Arguments = @{ ChallengeId = '0' * 32; Code = '12345678'; Purpose = 'sign-in' } }
        @{ Name = 'Confirm-OtpChallenge'; Own = 'AnyPurpose'; Arguments = @{ ChallengeId = '0' * 32; Code = '12345678'; AnyPurpose = $true } }
    )
    $script:StoreCmdlets = @($script:Calls | ForEach-Object Name | Sort-Object -Unique | ForEach-Object { @{ Name = $_ } })
    # The cmdlets with sets of their own: each own set crossed with the two store sets, the first one the default.
    $script:OwnSetCmdlets = @(
        @{ Name = 'Test-OtpCode'; Own = @('Totp', 'Hotp', 'HotpResync') }
        @{ Name = 'Get-OtpActivity'; Own = @('All', 'Account', 'Recipient') }
        @{ Name = 'Clear-OtpActivity'; Own = @('All', 'Account', 'Recipient') }
        @{ Name = 'Confirm-OtpChallenge'; Own = @('Purpose', 'AnyPurpose') }
    )
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Profile = New-SmtpProfile -Server smtp.invalid -Port 587 -TlsMode StartTls
    function Get-CallArguments {
        param([hashtable] $Call, [hashtable] $Store = @{})
        $arguments = $Call.Arguments.Clone()
        foreach ($key in @($arguments.Keys)) { if ($arguments[$key] -is [scriptblock]) { $arguments[$key] = & $arguments[$key] } }
        if ($Call.ContainsKey('NeedsProfile')) { $arguments.Profile = $script:Profile }
        foreach ($key in $Store.Keys) { $arguments[$key] = $Store[$key] }
        $arguments
    }
}

Describe 'The store cmdlets' {
    It 'are exactly the cmdlets that have -StorePath' -ForEach @(@{ Expected = @($script:StoreCmdlets | ForEach-Object { $_.Name }) }) {
        $withStore = @(Get-Command -Module SecureMailOps | Where-Object { $_.Parameters.ContainsKey('StorePath') } | ForEach-Object Name | Sort-Object)
        $withStore | Should -Be @($Expected | Sort-Object)
        foreach ($name in $withStore) { (Get-Command $name).Parameters.Keys | Should -Contain 'StoreConnectionString' }
    }
}

Describe '<Name>: -StorePath and -StoreConnectionString as parameter sets' -ForEach $script:StoreCmdlets {
    BeforeAll { $script:Command = Get-Command $Name }

    It 'splits each of its own sets into a StorePath set and a StoreConnectionString set' {
        $sets = @($script:Command.ParameterSets)
        $sets.Count % 2 | Should -Be 0
        foreach ($set in $sets) {
            $names = @($set.Parameters.Name)
            ($names -contains 'StorePath') | Should -Not -Be ($names -contains 'StoreConnectionString') -Because "$($set.Name) must have exactly one of them"
            if ($names -contains 'StoreConnectionString') {
                $set.Name | Should -BeLike '*StoreConnectionString'
                ($set.Parameters | Where-Object Name -EQ 'StoreConnectionString').IsMandatory | Should -BeTrue
                # Its twin has the same parameters, with -StorePath (optional) instead.
                $twin = $sets | Where-Object Name -EQ ($set.Name -replace 'StoreConnectionString$', 'StorePath')
                $twin | Should -Not -BeNullOrEmpty
                @($twin.Parameters.Name | Where-Object { $_ -ne 'StorePath' } | Sort-Object) | Should -Be @($names | Where-Object { $_ -ne 'StoreConnectionString' } | Sort-Object)
                ($twin.Parameters | Where-Object Name -EQ 'StorePath').IsMandatory | Should -BeFalse
            }
            # The password may be for the server SECUREMAILOPS_STORE names, so -StoreCredential is in both.
            $names | Should -Contain 'StoreCredential'
        }
    }

    It 'defaults to a StorePath set, so SECUREMAILOPS_STORE or the default path applies when neither is given' {
        $default = @($script:Command.ParameterSets | Where-Object IsDefault)
        $default.Count | Should -Be 1
        $default[0].Name | Should -BeLike '*StorePath'
    }

    It 'shows both alternatives in Get-Command -Syntax and in Get-Help -Full' {
        $syntax = @((Get-Command $Name -Syntax) -split "`r?`n" | Where-Object { $_.Trim() })
        @($syntax | Where-Object { $_ -match '-StorePath' -and $_ -match '-StoreConnectionString' }) | Should -BeNullOrEmpty
        @($syntax | Where-Object { $_ -match '\[-StorePath <string>\]' }).Count | Should -Be ($script:Command.ParameterSets.Count / 2)
        @($syntax | Where-Object { $_ -match ' -StoreConnectionString <string> ' }).Count | Should -Be ($script:Command.ParameterSets.Count / 2)

        $help = Get-Help $Name -Full
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be $script:Command.ParameterSets.Count
        @($items | Where-Object { @($_.parameter.name) -contains 'StorePath' }).Count | Should -Be ($items.Count / 2)
        @($items | Where-Object { @($_.parameter | Where-Object { $_.name -eq 'StoreConnectionString' -and $_.required -eq 'true' }) }).Count | Should -Be ($items.Count / 2)
        $text = $help | Out-String -Width 200
        $text | Should -Match 'parameter set'
    }
}

Describe '<Name>: its own parameter sets, each crossed with the two store sets' -ForEach $script:OwnSetCmdlets {
    It 'has <Own>, each as a StorePath set and a StoreConnectionString set, and defaults to the first one with -StorePath' {
        $command = Get-Command $Name
        $expected = foreach ($set in $Own) { "${set}StorePath"; "${set}StoreConnectionString" }
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @($expected | Sort-Object)
        $command.DefaultParameterSet | Should -Be "$($Own[0])StorePath"
        # No longer a hand-written refusal: the binder refuses both.
        (Get-Help $Name -Full | Out-String -Width 200) | Should -Not -Match 'StateStoreConnectionStringInvalid'
    }
}

Describe '<Name>: tab completion of the store parameters' -ForEach $script:StoreCmdlets {
    It 'completes the store parameter names and a -StorePath path' {
        foreach ($prefix in 'StorePa', 'StoreCon', 'StoreCre') {
            $line = "$Name -$prefix"
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.CompletionText) | Should -Contain ("-$prefix" -replace '^-StorePa$', '-StorePath' -replace '^-StoreCon$', '-StoreConnectionString' -replace '^-StoreCre$', '-StoreCredential')
        }
        $folder = Join-Path $TestDrive 'completion'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        Set-Content (Join-Path $folder 'state-file.db') ''
        $line = "$Name -StorePath $folder/state-f"
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completion.CompletionMatches.CompletionText) | Should -Contain (Join-Path $folder 'state-file.db')
    }
}

Describe '<Name> (<Own>): both store parameters at once' -ForEach $script:Calls {
    It 'is refused before any store is opened: a parameter-binding error (AmbiguousParameterSet)' {
        $path = Join-Path $TestDrive "both-$Name-$Own.db"
        $arguments = Get-CallArguments -Call $_ -Store @{ StorePath = $path; StoreConnectionString = 'Host=127.0.0.1;Port=1;Database=none' }
        if ($Name -eq 'Send-OtpChallenge') { $arguments.Remove('WhatIf'); $arguments.Confirm = $false }
        $caught = $null
        try { & $Name @arguments -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $caught.FullyQualifiedErrorId | Should -BeLike 'AmbiguousParameterSet,*'
        Test-Path $path | Should -BeFalse
    }

    It 'with -StorePath alone, binds its own set with the file' {
        $path = Join-Path $TestDrive "path-$Name-$Own.db"
        $arguments = Get-CallArguments -Call $_ -Store @{ StorePath = $path }
        $null = & $Name @arguments -ErrorAction SilentlyContinue -ErrorVariable failures 3>$null
        @($failures | Where-Object { $_.Exception -is [System.Management.Automation.ParameterBindingException] }) | Should -BeNullOrEmpty
        if ($Name -ne 'Send-OtpChallenge') { Test-Path $path | Should -BeTrue -Because 'the cmdlet opened the file it was given' }
    }

    It 'with neither, binds its default StorePath set and uses SECUREMAILOPS_STORE' {
        $path = Join-Path $TestDrive "env-$Name-$Own.db"
        $env:SECUREMAILOPS_STORE = $path
        try {
            $arguments = Get-CallArguments -Call $_
            $null = & $Name @arguments -ErrorAction SilentlyContinue -ErrorVariable failures 3>$null
        }
        finally { Remove-Item Env:SECUREMAILOPS_STORE }
        @($failures | Where-Object { $_.Exception -is [System.Management.Automation.ParameterBindingException] }) | Should -BeNullOrEmpty
        if ($Name -ne 'Send-OtpChallenge') { Test-Path $path | Should -BeTrue -Because 'SECUREMAILOPS_STORE named the file' }
    }
}

Describe 'Pipeline input with the store parameter sets' {
    It 'binds piped records by property name with -StorePath and with neither, and refuses both' {
        $path = Join-Path $TestDrive 'pipe.db'
        $record = [pscustomobject]@{ Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; Code = '000000'; AccountId = 'pipe' }
        ($record | Test-OtpCode -StorePath $path).Reason | Should -Be 'Invalid'
        ($record | Test-OtpCode -Hotp -StorePath $path).Reason | Should -Be 'Invalid'
        $env:SECUREMAILOPS_STORE = $path
        try {
            ($record | Test-OtpCode -Hotp).Reason | Should -Be 'Invalid'
            @([pscustomobject]@{ AccountId = 'pipe' } | New-OtpBackupCode -Count 1 -Confirm:$false).Count | Should -Be 1
        }
        finally { Remove-Item Env:SECUREMAILOPS_STORE }
        ([pscustomobject]@{ AccountId = 'pipe' } | Get-OtpActivity -StorePath $path).Outcome | Should -Contain 'Invalid'
        { [pscustomobject]@{ AccountId = 'pipe' } | New-OtpBackupCode -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.NewOtpBackupCodeCommand'
        { $record | Test-OtpCode -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.TestOtpCodeCommand'
        { $record | Test-OtpCode -Hotp -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.TestOtpCodeCommand'
        { [pscustomobject]@{ AccountId = 'pipe' } | Get-OtpActivity -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.GetOtpActivityCommand'
        { [pscustomobject]@{ ChallengeId = '0' * 32; Code = '12345678' } | Confirm-OtpChallenge -AnyPurpose -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.ConfirmOtpChallengeCommand'
    }
}

# The call forms that bound one set per own set before the store sets were crossed in: each still binds
# the own set it did, with the file (SECUREMAILOPS_STORE here) when no store is named, and the server set
# when -StoreConnectionString is given (a closed port: StateStoreUnavailable, not a binding error). The
# set is seen by what the cmdlet did: HOTP rather than TOTP in the activity log, one account's entries only, a
# code confirmed for any purpose.
Describe 'Calls without a store parameter, with the store sets crossed in' {
    BeforeAll {
        $script:Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
        $script:ClosedServer = 'Host=127.0.0.1;Port=1;Database=none;Timeout=2'
        function Invoke-WithStoreFile {
            param([string] $Path, [scriptblock] $Script)
            $env:SECUREMAILOPS_STORE = $Path
            try { & $Script } finally { Remove-Item Env:SECUREMAILOPS_STORE }
        }
    }

    It '$record | Test-OtpCode -Hotp binds HotpStorePath (by property name), and HotpStoreConnectionString with -StoreConnectionString' {
        $path = Join-Path $TestDrive 'form-hotp.db'
        $code = (Get-OtpCode -Secret $script:Secret -Hotp -Counter 0).Code
        $record = [pscustomobject]@{ Secret = $script:Secret; Code = $code; AccountId = 'form-hotp' }
        Invoke-WithStoreFile $path {
            ($record | Test-OtpCode -Hotp -ErrorAction Stop).Reason | Should -Be 'Valid'
            ($record | Test-OtpCode -Hotp -ErrorAction Stop).Reason | Should -Be 'Replayed'
            # Counter, NextCode and Period on the record too (every pipeline parameter of the HOTP sets filled).
            $full = [pscustomobject]@{ Secret = $script:Secret; Code = (Get-OtpCode -Secret $script:Secret -Hotp -Counter 1).Code; AccountId = 'form-hotp'; Counter = 1; NextCode = '000000'; Algorithm = 'SHA1'; Digits = 6 }
            ($full | Test-OtpCode -Hotp -ErrorAction Stop).Reason | Should -Be 'Valid'
        }
        @(Get-OtpActivity -AccountId 'form-hotp' -StorePath $path).Source | Sort-Object -Unique | Should -Be 'Hotp'
        $record | Test-OtpCode -Hotp -StoreConnectionString $script:ClosedServer -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'StateStoreUnavailable,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'Test-OtpCode -Hotp and -Resynchronize with named values bind their StorePath sets; a record alone binds TotpStorePath' {
        $path = Join-Path $TestDrive 'form-named.db'
        Invoke-WithStoreFile $path {
            (Test-OtpCode -Secret $script:Secret -Code (Get-OtpCode -Secret $script:Secret -Hotp -Counter 0).Code -AccountId 'form-named' -Hotp -ErrorAction Stop).Reason | Should -Be 'Valid'
            $next = @(3, 4 | ForEach-Object { (Get-OtpCode -Secret $script:Secret -Hotp -Counter $_).Code })
            (Test-OtpCode -Secret $script:Secret -Code $next[0] -NextCode $next[1] -AccountId 'form-named' -Resynchronize -ErrorAction Stop).Reason | Should -Be 'Valid'
            ([pscustomobject]@{ Secret = $script:Secret; Code = (Get-OtpCode -Secret $script:Secret).Code; AccountId = 'form-totp' } | Test-OtpCode -ErrorAction Stop).Reason | Should -Be 'Valid'
        }
        @(Get-OtpActivity -AccountId 'form-named' -StorePath $path).Source | Sort-Object -Unique | Should -Be 'Hotp'
        @(Get-OtpActivity -AccountId 'form-totp' -StorePath $path).Source | Should -Be 'Totp'
    }

    It 'Get-OtpActivity -AccountId a binds AccountStorePath (named, positional and piped), Clear-OtpActivity likewise' {
        $path = Join-Path $TestDrive 'form-activity.db'
        Invoke-WithStoreFile $path {
            foreach ($account in 'form-a', 'form-b') { $null = Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId $account }
            @(Get-OtpActivity -AccountId 'form-a' -ErrorAction Stop).Subject | Sort-Object -Unique | Should -Be 'form-a'
            @(Get-OtpActivity 'form-b' -ErrorAction Stop).Subject | Sort-Object -Unique | Should -Be 'form-b'
            @([pscustomobject]@{ AccountId = 'form-a' } | Get-OtpActivity -ErrorAction Stop).Subject | Sort-Object -Unique | Should -Be 'form-a'
            @(Get-OtpActivity -ErrorAction Stop).Subject | Sort-Object -Unique | Should -Be @('form-a', 'form-b')
            [pscustomobject]@{ AccountId = 'form-a' } | Clear-OtpActivity -Before ([DateTimeOffset]::UtcNow.AddMinutes(1)) -Confirm:$false -PassThru -ErrorAction Stop | Should -BeGreaterThan 0
            @(Get-OtpActivity -ErrorAction Stop).Subject | Sort-Object -Unique | Should -Be 'form-b'
        }
        Get-OtpActivity -AccountId 'form-a' -StoreConnectionString $script:ClosedServer -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'StateStoreUnavailable,*'
    }

    It 'Confirm-OtpChallenge -AnyPurpose binds AnyPurposeStorePath (named and piped), -Purpose PurposeStorePath' {
        $path = Join-Path $TestDrive 'form-confirm.db'
        $record = [pscustomobject]@{ ChallengeId = '0' * 32; Code = '12345678' }
        Invoke-WithStoreFile $path {
            (Confirm-OtpChallenge -AnyPurpose -ChallengeId ('0' * 32) -Code '12345678' -ErrorAction Stop).Reason | Should -Be 'NotFound'
            ($record | Confirm-OtpChallenge -AnyPurpose -ErrorAction Stop).Reason | Should -Be 'NotFound'
            ([pscustomobject]@{ ChallengeId = '0' * 32; Code = '12345678'; Purpose = 'sign-in' } | Confirm-OtpChallenge -ErrorAction Stop).Reason | Should -Be 'NotFound'
        }
        Test-Path $path | Should -BeTrue -Because 'the file set was bound and SECUREMAILOPS_STORE named the file'
        $record | Confirm-OtpChallenge -AnyPurpose -StoreConnectionString $script:ClosedServer -ChallengeKey ('k' * 32) -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'StateStoreUnavailable,*'
    }
}
