# The shared PostgreSQL store through the built module: many processes, one source of truth.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/PostgreSql.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force
    $script:Server = Start-TestPostgres
    $script:Credential = [pscredential]::new($script:Server.Role, (ConvertTo-SecureString $script:Server.Password -AsPlainText -Force))
    $script:Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    $script:Store = @{ StoreConnectionString = $script:Server.Uri; StoreCredential = $script:Credential }
}

AfterAll {
    if ($script:Server) { Stop-TestPostgres $script:Server }
}

Describe 'The PostgreSQL store' {
    It 'verifies single use through -StoreConnectionString and -StoreCredential' {
        $code = (Get-OtpCode -Secret $script:Secret).Code
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-alice' @script:Store).Reason | Should -Be 'Valid'
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-alice' @script:Store).Reason | Should -Be 'Replayed'
        (Get-OtpActivity -AccountId 'pg-alice' @script:Store).Outcome | Should -Be @('Replayed', 'Valid')
    }

    It 'gives exactly one Valid among 16 pwsh processes, half through -StoreConnectionString and half through SECUREMAILOPS_STORE' {
        $folder = Join-Path $TestDrive 'barrier'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $cmd = Get-PwshCommandLine
        $processes = foreach ($i in 1..16) {
            $viaEnvironment = $i % 2 -eq 0
            $store = if ($viaEnvironment) { '' } else { "-StoreConnectionString '$($script:Server.Uri)' -StoreCredential ([pscredential]::new('$($script:Server.Role)', (ConvertTo-SecureString `$env:SMO_TEST_PASSWORD -AsPlainText -Force)))" }
            $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$($script:ModulePath)'; New-Item -ItemType File -Path '$folder/ready-$i' | Out-Null; " +
                "while (-not (Test-Path '$folder/go')) { Start-Sleep -Milliseconds 20 }; `$code = (Get-Content -Raw '$folder/go').Trim(); " +
                "`$r = Test-OtpCode -Secret '$($script:Secret)' -Code `$code -AccountId 'pg-race' $store; [Console]::Out.WriteLine('RESULT ' + `$r.Reason)"
            $start = [Diagnostics.ProcessStartInfo]::new($cmd[0])
            foreach ($a in @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script)))) { $start.ArgumentList.Add($a) }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $start.UseShellExecute = $false
            if ($viaEnvironment) {
                $start.Environment['SECUREMAILOPS_STORE'] = $script:Server.Uri
                $start.Environment['PGPASSWORD'] = $script:Server.Password
            }
            else {
                $start.Environment['SMO_TEST_PASSWORD'] = $script:Server.Password
            }
            [Diagnostics.Process]::Start($start)
        }
        $deadline = [DateTime]::UtcNow.AddMinutes(8)
        while (@(Get-ChildItem $folder -Filter 'ready-*').Count -lt 16 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        # The code is made when every process is ready (starting 16 pwsh on 2 shared cores takes minutes),
        # written to a temporary name and moved, so no process reads half a file.
        Set-Content -Path (Join-Path $folder 'go.tmp') -Value (Get-OtpCode -Secret $script:Secret).Code
        Move-Item (Join-Path $folder 'go.tmp') (Join-Path $folder 'go')
        $outputs = foreach ($p in $processes) {
            $out = $p.StandardOutput.ReadToEnd() + $p.StandardError.ReadToEnd()
            $p.WaitForExit()
            $out
        }
        $results = @($outputs | ForEach-Object { [regex]::Matches($_, 'RESULT (\w+)') | ForEach-Object { $_.Groups[1].Value } })
        $results.Count | Should -Be 16 -Because ($outputs -join "`n")
        @($results | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1
        ($outputs -join "`n") | Should -Not -Match ([regex]::Escape($script:Server.Password))
    }

    It 'gives exactly one Valid among 24 parallel uses of one backup code' {
        $codes = New-OtpBackupCode -AccountId 'pg-bob' -Count 2 @script:Store
        $code = $codes[0].Code
        $uri = $script:Server.Uri
        $credential = $script:Credential
        $modulePath = $script:ModulePath
        $reasons = 1..24 | ForEach-Object -ThrottleLimit 24 -Parallel {
            Import-Module $using:modulePath
            (Test-OtpBackupCode -AccountId 'pg-bob' -Code $using:code -StoreConnectionString $using:uri -StoreCredential $using:credential).Reason.ToString()
        }
        @($reasons | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1
        @($reasons).Count | Should -Be 24
    }

    It 'reports a wrong password as StateStoreUnavailable (ConnectionError) and never shows a password, in any stream' {
        $wrong = [pscredential]::new($script:Server.Role, (ConvertTo-SecureString ('not-' + $script:Server.Password) -AsPlainText -Force))
        $all = & {
            Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-carol' -StoreConnectionString $script:Server.Uri -StoreCredential $wrong -ErrorAction Continue -Verbose -Debug
            Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-carol' @script:Store -Verbose -Debug
            Get-OtpActivity -AccountId 'pg-carol' @script:Store -Verbose -Debug | Format-List * | Out-String
        } *>&1
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StateStoreUnavailable,SecureMailOps.Commands.TestOtpCodeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $text = ($all | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n"
        $text | Should -Not -Match ([regex]::Escape($script:Server.Password))
        $text | Should -Match 'pg-carol'
        Get-ChildItem $script:Server.Folder -Filter 'log' -Recurse -ErrorAction SilentlyContinue | ForEach-Object {
            (Get-Content -Raw $_.FullName) | Should -Not -Match ([regex]::Escape($script:Server.Password))
        }
    }

    It 'refuses -StorePath together with -StoreConnectionString' {
        { Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'x' -StorePath (Join-Path $TestDrive 'a.db') @script:Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'StateStoreConnectionStringInvalid,SecureMailOps.Commands.TestOtpCodeCommand'
    }
}
