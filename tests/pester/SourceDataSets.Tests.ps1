# Generated inventories shaped like the exports of issue 16 (tests/tools/New-SourceDataSet.ps1), with
# defects the generator counts itself: the baseline must find exactly those, in the source's own shape and
# in the same records written in the native contract.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Generator = Join-Path $script:Root 'tests' 'tools' 'New-SourceDataSet.ps1'
    $script:AsOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
    $script:Tmp = Join-Path ([IO.Path]::GetTempPath()) ("smo-datasets-" + [guid]::NewGuid().ToString('N'))
    $script:Data = Join-Path $script:Tmp 'set'
    $null = & $script:Generator -OutputFolder $script:Data -Count 2000 -Seed 16 -AsOf $script:AsOf
    $script:Expected = Get-Content (Join-Path $script:Data 'expected.json') -Raw | ConvertFrom-Json -AsHashtable

    # Fail findings per rule, for the rules the generator counted for a source.
    function script:Get-FailCount([string[]] $File, [string] $Source, [string] $Data = $script:Data, [hashtable] $Expected = $script:Expected) {
        $rules = $Expected.expectedFailures[$Source]
        $counts = @{}
        foreach ($rule in $rules.Keys) { $counts[$rule] = 0 }
        Invoke-SecurityPolicy -Path ($File | ForEach-Object { Join-Path $Data $_ }) -AsOf $script:AsOf -Outcome Fail |
            Where-Object { $rules.ContainsKey($_.RuleId) } |
            ForEach-Object { $counts[$_.RuleId]++ }
        return $counts
    }

    function script:Format-Counts([hashtable] $Counts) {
        ($Counts.Keys | Sort-Object | ForEach-Object { '{0}={1}' -f $_, $Counts[$_] }) -join ' '
    }
}

AfterAll {
    Remove-Item -Recurse -Force $script:Tmp -ErrorAction SilentlyContinue
}

Describe 'Generated source data sets' {
    It 'are the same bytes for the same seed and count, and differ for another seed' {
        $again = Join-Path $script:Tmp 'again'
        $other = Join-Path $script:Tmp 'other'
        $null = & $script:Generator -OutputFolder $again -Count 2000 -Seed 16 -AsOf $script:AsOf
        $null = & $script:Generator -OutputFolder $other -Count 2000 -Seed 17 -AsOf $script:AsOf
        foreach ($file in Get-ChildItem $script:Data) {
            (Get-FileHash $file.FullName).Hash | Should -Be (Get-FileHash (Join-Path $again $file.Name)).Hash -Because $file.Name
        }
        (Get-FileHash (Join-Path $script:Data 'entra-registration.json')).Hash | Should -Not -Be (Get-FileHash (Join-Path $other 'entra-registration.json')).Hash
    }

    It 'hold defects of every counted kind (the counts below can fail)' {
        foreach ($source in $script:Expected.expectedFailures.Keys) {
            foreach ($rule in $script:Expected.expectedFailures[$source].Keys | Where-Object { $_ -ne 'SMO-ACC-002' }) {
                $script:Expected.expectedFailures[$source][$rule] | Should -BeGreaterThan 0 -Because "$source $rule"
            }
        }
        # Seed 16, 2,000 records: the numbers the generator drew (a change to the generator shows here).
        Format-Counts $script:Expected.expectedFailures['EntraRegistration'] | Should -Be 'SMO-ACC-001=166 SMO-ACC-002=0 SMO-ACC-003=106 SMO-ACC-015=5 SMO-ACC-017=68 SMO-ACC-018=106 SMO-ACC-019=22 SMO-ACC-021=99'
        Format-Counts $script:Expected.expectedFailures['IntuneDevices'] | Should -Be 'SMO-DEV-003=100 SMO-DEV-007=197 SMO-DEV-008=27 SMO-DEV-009=107 SMO-DEV-010=32'
    }

    It 'give exactly the expected failures for <File>' -ForEach @(
        @{ File = 'entra-registration.json'; Source = 'EntraRegistration' }
        @{ File = 'entra-registration.jsonl'; Source = 'EntraRegistration' }
        @{ File = 'entra-native.jsonl'; Source = 'EntraRegistration' }
        @{ File = 'intune-devices.json'; Source = 'IntuneDevices' }
        @{ File = 'intune-native.jsonl'; Source = 'IntuneDevices' }
        @{ File = 'google-users.json'; Source = 'GoogleWorkspaceUsers' }
        @{ File = 'google-native.jsonl'; Source = 'GoogleWorkspaceUsers' }
        @{ File = 'exchange-native.jsonl'; Source = 'ExchangeOnlineMailbox' }
        @{ File = 'exchange-casmailbox.csv', 'exchange-transportconfig.json'; Source = 'ExchangeOnlineMailbox' }
    ) {
        $counts = Get-FailCount $File $Source
        Format-Counts $counts | Should -Be (Format-Counts $script:Expected.expectedFailures[$Source])
    }

    It 'fail the same accounts for the same rules from the Graph page and from the native contract' {
        $rules = $script:Expected.expectedFailures['EntraRegistration']
        $key = { '{0} {1}' -f $_.RuleId, $_.TargetName }
        $graph = Invoke-SecurityPolicy -Path (Join-Path $script:Data 'entra-registration.json') -AsOf $script:AsOf -Outcome Fail | Where-Object { $rules.ContainsKey($_.RuleId) } | ForEach-Object $key | Sort-Object
        $native = Invoke-SecurityPolicy -Path (Join-Path $script:Data 'entra-native.jsonl') -AsOf $script:AsOf -Outcome Fail | Where-Object { $rules.ContainsKey($_.RuleId) } | ForEach-Object $key | Sort-Object
        $graph.Count | Should -BeGreaterThan 500
        $graph | Should -Be $native
    }
}

Describe 'Generated source data sets of 100,000 records per source' {
    BeforeAll {
        # The issue's size: each source's own export (not the native copies) at 100,000 records, every Fail
        # the generator counted found, no more and no fewer. About a minute on the 2-core machine.
        $script:BigData = Join-Path $script:Tmp 'set-100k'
        $null = & $script:Generator -OutputFolder $script:BigData -Count 100000 -Seed 16 -AsOf $script:AsOf
        $script:BigExpected = Get-Content (Join-Path $script:BigData 'expected.json') -Raw | ConvertFrom-Json -AsHashtable
    }

    It 'give exactly the expected failures at 100,000 records for <File>' -ForEach @(
        @{ File = 'entra-registration.json'; Source = 'EntraRegistration' }
        @{ File = 'intune-devices.json'; Source = 'IntuneDevices' }
        @{ File = 'google-users.json'; Source = 'GoogleWorkspaceUsers' }
        @{ File = 'exchange-casmailbox.csv', 'exchange-transportconfig.json'; Source = 'ExchangeOnlineMailbox' }
    ) {
        $counts = Get-FailCount $File $Source $script:BigData $script:BigExpected
        ($counts.Values | Measure-Object -Sum).Sum | Should -BeGreaterThan 10000
        Format-Counts $counts | Should -Be (Format-Counts $script:BigExpected.expectedFailures[$Source])
    }
}

Describe "README's tour over an Entra export" {
    It 'prints the failures the README shows, row for row' {
        $readme = Get-Content (Join-Path $script:Root 'README.md') -Raw
        $tour = [regex]::Match($readme, '(?s)### Auditing an Entra ID export.*?```powershell\r?\n(?<code>.*?)```\s*```text\r?\n(?<out>.*?)```')
        $tour.Success | Should -BeTrue
        Push-Location $script:Root
        try {
            $actual = Invoke-Expression ($tour.Groups['code'].Value + ' | Out-String -Width 120')
        }
        finally { Pop-Location }
        $rows = { param($text) @($text -split '\r?\n' | ForEach-Object TrimEnd | Where-Object { $_ -ne '' }) }
        $shown = & $rows $tour.Groups['out'].Value
        $shown.Count | Should -Be 8
        & $rows ($actual -replace '\e\[[0-9;]*m', '') | Should -Be $shown
    }

    It 'lists the new rules under their practices as the README shows' {
        $practices = Get-SecurityPractice
        ($practices | Where-Object Number -EQ 2).Rules | Should -Be @('SMO-ACC-001', 'SMO-ACC-017', 'SMO-ACC-020')
        ($practices | Where-Object Number -EQ 16).Rules | Should -Be @('SMO-ACC-015', 'SMO-ACC-018', 'SMO-ACC-019')
        ($practices | Where-Object Number -EQ 9).Rules | Should -Contain 'SMO-ACC-023'
        ($practices | Where-Object Number -EQ 14).Rules | Should -Contain 'SMO-DEV-010'
    }
}
