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
            # Each process opens the store (driver loaded, pool connected, schema checked) before it says it is
            # ready, so that the race starts when the code is made, not minutes later on a loaded machine.
            $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$($script:ModulePath)'; `$null = Get-OtpActivity -AccountId 'pg-warm-up' -First 1 $store; New-Item -ItemType File -Path '$folder/ready-$i' | Out-Null; " +
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
        @($results | Where-Object { $_ -eq 'Valid' }).Count | Should -Be 1 -Because "the reasons were $($results -join ', ')"
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

    It 'reports a wrong password as StateStoreAccessDenied (AuthenticationError, not an outage) and never shows a password, in any stream' {
        $wrong = [pscredential]::new($script:Server.Role, (ConvertTo-SecureString ('not-' + $script:Server.Password) -AsPlainText -Force))
        $all = & {
            Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-carol' -StoreConnectionString $script:Server.Uri -StoreCredential $wrong -ErrorAction Continue -Verbose -Debug
            Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-carol' @script:Store -Verbose -Debug
            Get-OtpActivity -AccountId 'pg-carol' @script:Store -Verbose -Debug | Format-List * | Out-String
        } *>&1
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StateStoreAccessDenied,SecureMailOps.Commands.TestOtpCodeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $text = ($all | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n"
        $text | Should -Not -Match ([regex]::Escape($script:Server.Password))
        $text | Should -Match 'pg-carol'
        Get-ChildItem $script:Server.Folder -Filter 'log' -Recurse -ErrorAction SilentlyContinue | ForEach-Object {
            (Get-Content -Raw $_.FullName) | Should -Not -Match ([regex]::Escape($script:Server.Password))
        }
    }

    It 'when the server is killed mid-loop: the calls in flight fail with StateStoreUnavailable (ConnectionError), no code is accepted twice, the next calls work' {
        # Through the cmdlets: a thread job verifies one HOTP code twice for each of 20 accounts, round
        # after round, while the server is killed (pg_ctl stop -m immediate) and started again.
        $store = New-TestPostgresStore $script:Server
        $folder = Join-Path $TestDrive 'fault'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $code = (Get-OtpCode -Secret $script:Secret -Hotp -Counter 0).Code
        $job = Start-ThreadJob -ArgumentList $script:ModulePath, $store, $script:Secret, $code, $folder -ScriptBlock {
            param($modulePath, $store, $secret, $code, $folder)
            Import-Module $modulePath
            $round = 0
            while (-not (Test-Path "$folder/stop")) {
                $round++
                foreach ($i in 1..20) {
                    foreach ($twice in 1..2) {
                        try { "R fault-$i " + (Test-OtpCode -Secret $secret -Code $code -Hotp -Counter 0 -AccountId "fault-$i" @store -ErrorAction Stop).Reason }
                        catch { "E fault-$i $($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) $($_.Exception.Message)" }
                    }
                }
                Set-Content -Path "$folder/round" -Value $round
            }
        }
        function Wait-Until([scriptblock] $Condition, [int] $Seconds = 120) {
            $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
            while (-not (& $Condition) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        }
        try {
            Wait-Until { Test-Path "$folder/round" }
            Stop-TestPostgres $script:Server -Immediate -Keep
            Wait-Until { @($job.Output | Where-Object { $_ -like 'E *' }).Count -ge 5 } -Seconds 60
            Start-TestPostgresServer $script:Server
            $seen = @($job.Output).Count
            Wait-Until { @($job.Output | Select-Object -Skip $seen | Where-Object { $_ -like 'R *' }).Count -ge 40 } -Seconds 120
        }
        finally {
            New-Item -ItemType File -Path "$folder/stop" | Out-Null
            $null = Wait-Job $job -Timeout 120
        }
        $lines = @($job.Output)
        Remove-Job $job -Force
        $errors = @($lines | Where-Object { $_ -like 'E *' })
        $errors.Count | Should -BeGreaterThan 0 -Because 'the server was killed while the loop ran'
        foreach ($line in $errors) { $line | Should -Match '^E fault-\d+ StateStoreUnavailable,SecureMailOps\.Commands\.TestOtpCodeCommand ConnectionError ' }
        $valid = @($lines | Where-Object { $_ -like 'R * Valid' })
        $valid.Count | Should -Be 20 -Because 'the first round accepts each account''s code once'
        @($valid | Sort-Object -Unique).Count | Should -Be 20 -Because 'no account''s code is accepted twice'
        # The calls after the last failure all worked, and the next call from here works too.
        $last = [array]::LastIndexOf($lines, $errors[-1])
        @($lines | Select-Object -Skip ($last + 1) | Where-Object { $_ -notlike 'R *' }) | Should -BeNullOrEmpty
        @($lines | Select-Object -Skip ($last + 1)).Count | Should -BeGreaterThan 0
        (Test-OtpCode -Secret $script:Secret -Code $code -Hotp -Counter 0 -AccountId 'fault-1' @store -ErrorAction Stop).Reason | Should -Not -Be 'Valid'
        ($lines -join "`n") | Should -Not -Match ([regex]::Escape($script:Server.Password))
    }

    It 'takes the server from SECUREMAILOPS_STORE and its password from -StoreCredential, on cmdlets with and without sets of their own' {
        $env:SECUREMAILOPS_STORE = $script:Server.Uri
        try {
            $codes = New-OtpBackupCode -AccountId 'pg-env' -Count 1 -StoreCredential $script:Credential -Confirm:$false
            (Test-OtpBackupCode -AccountId 'pg-env' -Code $codes[0].Code -StoreCredential $script:Credential).Reason | Should -Be 'Valid'
            (Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-env' -StoreCredential $script:Credential).Reason | Should -Be 'Invalid'
        }
        finally { Remove-Item Env:SECUREMAILOPS_STORE }
        (Get-OtpActivity -AccountId 'pg-env' @script:Store).Outcome | Should -Be @('Invalid', 'Valid', 'BackupCodesIssued')
    }

    It 'README "which store": a file per machine accepts one code once on each machine; one PostgreSQL database accepts it once for all' {
        $code = (Get-OtpCode -Secret $script:Secret).Code
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-two-machines' -StorePath (Join-Path $TestDrive 'machine-a.db')).Reason | Should -Be 'Valid'
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-two-machines' -StorePath (Join-Path $TestDrive 'machine-b.db')).Reason | Should -Be 'Valid'
        $shared = New-TestPostgresStore $script:Server
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-two-machines' @shared).Reason | Should -Be 'Valid'
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-two-machines' @shared).Reason | Should -Be 'Replayed'
    }

    It 'fails a verification that lost every retry to concurrent transactions with StateStoreBusy (ResourceBusy), accepting nothing, and the next call works' {
        $store = New-TestPostgresStore $script:Server
        $null = Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'pg-busy-warm-up' @store
        # A trigger on the account row raises serialization_failure while the (never rolled back) sequence is at most 3: the store's 3 attempts.
        $database = [regex]::Match($store.StoreConnectionString, 'Database=([^;]+)').Groups[1].Value
        $sql = @'
CREATE SEQUENCE fault_seq;
CREATE FUNCTION planted_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF nextval('fault_seq') <= 3 THEN RAISE EXCEPTION 'planted fault' USING ERRCODE = '40001'; END IF;
  RETURN NEW; END $$;
CREATE TRIGGER planted_fault BEFORE INSERT OR UPDATE ON otp_account FOR EACH ROW EXECUTE FUNCTION planted_fault();
'@
        $env:PGPASSWORD = $script:Server.Password
        try { & psql -h 127.0.0.1 -p $script:Server.Port -U $script:Server.Role -d $database -v ON_ERROR_STOP=1 -q -c $sql | Out-Null }
        finally { Remove-Item Env:PGPASSWORD }
        $LASTEXITCODE | Should -Be 0
        $code = (Get-OtpCode -Secret $script:Secret).Code
        $all = Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-busy' @store -ErrorAction SilentlyContinue -ErrorVariable failed -Verbose 4>&1
        @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'StateStoreBusy,SecureMailOps.Commands.TestOtpCodeCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
        ($failed[0] | Out-String) | Should -Not -Match ([regex]::Escape($script:Server.Password))
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-busy' @store).Reason | Should -Be 'Valid'
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'pg-busy' @store).Reason | Should -Be 'Replayed'
    }

    It 'refuses -StorePath together with -StoreConnectionString (separate parameter sets)' {
        { Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'x' -StorePath (Join-Path $TestDrive 'a.db') @script:Store -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.TestOtpCodeCommand'
        Test-Path (Join-Path $TestDrive 'a.db') | Should -BeFalse
    }
}
