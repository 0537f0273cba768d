# -StorePath and -StoreConnectionString on every cmdlet that has a store. On the cmdlets without
# parameter sets of their own they are two parameter sets: PowerShell's binder refuses both together
# (AmbiguousParameterSet), syntax and help show both. The cmdlets with sets of their own (Test-OtpCode,
# Get-/Clear-OtpActivity, Confirm-OtpChallenge) keep them in every set (StoreParameters says why) and
# refuse both with StateStoreConnectionStringInvalid before opening anything. Names and paths
# tab-complete everywhere. No server is needed: the refusals come before any store is opened, and the
# positive cases open SQLite files only (the PostgreSQL side of every cmdlet runs in Otp.Tests.ps1,
# Challenge.Tests.ps1 and the Store.*.Tests.ps1 files).
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
    $ownSets = 'Test-OtpCode', 'Get-OtpActivity', 'Clear-OtpActivity', 'Confirm-OtpChallenge'
    foreach ($call in $script:Calls) { $call.OwnSets = $call.Name -in $ownSets }
    $script:StoreCmdlets = @($script:Calls | ForEach-Object Name | Sort-Object -Unique | ForEach-Object { @{ Name = $_ } })
    $script:SplitCmdlets = @($script:StoreCmdlets | Where-Object { $_.Name -notin $ownSets })
    $script:OwnSetCmdlets = @($script:StoreCmdlets | Where-Object { $_.Name -in $ownSets })
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

Describe '<Name>: -StorePath and -StoreConnectionString as parameter sets' -ForEach $script:SplitCmdlets {
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

Describe '<Name>: the store parameters in each of its own parameter sets' -ForEach $script:OwnSetCmdlets {
    It 'has -StorePath, -StoreConnectionString and -StoreCredential, optional, in every set, which keep their own names' {
        $command = Get-Command $Name
        foreach ($set in $command.ParameterSets) {
            $set.Name | Should -Not -BeLike '*Store*'
            foreach ($parameter in 'StorePath', 'StoreConnectionString', 'StoreCredential') {
                @($set.Parameters | Where-Object Name -EQ $parameter).Count | Should -Be 1 -Because "$($set.Name) has -$parameter"
                ($set.Parameters | Where-Object Name -EQ $parameter).IsMandatory | Should -BeFalse
            }
        }
        (Get-Help $Name -Full | Out-String -Width 200) | Should -Match 'StateStoreConnectionStringInvalid'
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
    It 'is refused before any store is opened: a parameter-binding error (AmbiguousParameterSet), or StateStoreConnectionStringInvalid on a cmdlet with sets of its own' {
        $path = Join-Path $TestDrive "both-$Name-$Own.db"
        $arguments = Get-CallArguments -Call $_ -Store @{ StorePath = $path; StoreConnectionString = 'Host=127.0.0.1;Port=1;Database=none' }
        if ($Name -eq 'Send-OtpChallenge') { $arguments.Remove('WhatIf'); $arguments.Confirm = $false }
        $caught = $null
        try { & $Name @arguments -ErrorAction Stop } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        if ($OwnSets) {
            $caught.FullyQualifiedErrorId | Should -BeLike 'StateStoreConnectionStringInvalid,*'
            $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
        else {
            $caught.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
            $caught.FullyQualifiedErrorId | Should -BeLike 'AmbiguousParameterSet,*'
        }
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
        { $record | Test-OtpCode -StorePath $path -StoreConnectionString 'Host=127.0.0.1;Port=1' -ErrorAction Stop } | Should -Throw -ErrorId 'StateStoreConnectionStringInvalid,SecureMailOps.Commands.TestOtpCodeCommand'
    }
}
