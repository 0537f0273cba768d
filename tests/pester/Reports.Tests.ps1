# Reports against real consumers: headless Chromium (network disabled), the SARIF Multitool and the
# SARIF 2.1.0 JSON schema (python3-jsonschema), a JUnit XSD kept here and a JUnit reader
# (python3-junitparser); drift over two runs; CI annotations; planted secrets absent everywhere.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/ChromiumDevTools.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Example = Join-Path $script:Root 'examples' 'inventory.yaml'
    $script:Waivers = Join-Path $script:Root 'examples' 'waivers.yaml'
    $script:AsOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
    $script:Tmp = Join-Path ([IO.Path]::GetTempPath()) ('smo-reports-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Tmp | Out-Null
    $script:Chromium = Assert-ExternalTool 'chromium'
    $script:Python = if (Test-Path '/usr/bin/python3') { '/usr/bin/python3' } else { Assert-ExternalTool 'python3' }
    $npm = Join-Path $script:Root 'out' 'tools' 'npm' 'node_modules'
    $script:Multitool = Join-Path $npm '@microsoft' 'sarif-multitool-linux' 'Sarif.Multitool'
    $script:SarifSchema = Join-Path $npm '@microsoft' 'jest-sarif' 'lib' 'schemas' 'sarif-2.1.0-rtm.5.json'
    foreach ($tool in $script:Multitool, $script:SarifSchema) {
        if (-not (Test-Path $tool) -and $env:CI -eq 'true') { throw "$tool is missing; .ci/run installs it (npm)." }
    }

    # Planted secrets: fields no rule reads, which no report may contain.
    $script:Secrets = @('S3cr3t-Planted-Passw0rd!', 'JBSWY3DPEHPK3PXPPLANTED', 'ghp_PlantedTokenValue0123456789')
    $hostile = '<script>alert("x")</script>''"&' + [char]1 + ' ' + ('long' * 300)
    $script:Hostile = $hostile
    $records = @(
        [ordered]@{ kind = 'Account'; id = $hostile; mfa = @{ enabled = $false }; password = @{ value = $script:Secrets[0]; length = 8 }; otpSecret = $script:Secrets[1] }
        [ordered]@{ kind = 'Account'; id = '=HYPERLINK("http://evil.example","x")'; mfa = @{ enabled = $false }; apiToken = $script:Secrets[2] }
    )
    $script:HostileInventory = Join-Path $script:Tmp 'hostile.json'
    $records | ConvertTo-Json -Depth 5 | Set-Content -Path $script:HostileInventory -Encoding utf8NoBOM

    $script:Out = Join-Path $script:Tmp 'report'
    New-Item -ItemType Directory -Path $script:Out | Out-Null
    $script:Summary = Invoke-SecurityPolicy -Path $script:Example, $script:HostileInventory -Waiver $script:Waivers -AsOf $script:AsOf -WarningAction SilentlyContinue |
        Export-SecurityReport -Path $script:Out -Title 'Example <report> & "friends"' -SourceRoot $script:Root -PassThru
    $script:Findings = @(Invoke-SecurityPolicy -Path $script:Example, $script:HostileInventory -Waiver $script:Waivers -AsOf $script:AsOf -WarningAction SilentlyContinue)
    $script:Html = Join-Path $script:Out 'security-report.html'

    function script:ConvertTo-FileUri([string] $Path) {
        # [Uri] reads a Unix path as relative; a file URI needs the scheme spelled out.
        return [Uri]::new('file://' + $Path).AbsoluteUri
    }

    function script:Get-PageRequest([string] $NetLog) {
        # Requests the page started: URL_REQUEST_START_JOB events with an origin (file pages have "null").
        $log = Get-Content -Raw $NetLog | ConvertFrom-Json -Depth 64
        $start = $log.constants.logEventTypes.URL_REQUEST_START_JOB
        $log.events | Where-Object { $_.type -eq $start -and $_.PSObject.Properties['params'] -and $_.params.PSObject.Properties['initiator'] -and $_.params.initiator -ne 'not an origin' -and $_.params.url -notlike 'file:*' } |
            ForEach-Object { $_.params.url }
    }

    function script:Invoke-Chromium([string[]] $Arguments) {
        # The network is off: every host resolves to nothing, and the net log records any request made.
        $profileDir = Join-Path $script:Tmp ('chrome-' + [guid]::NewGuid().ToString('N'))
        $common = @('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', "--user-data-dir=$profileDir",
            '--host-resolver-rules=MAP * ~NOTFOUND', '--disable-background-networking', '--disable-component-update', '--disable-sync')
        $output = & $script:Chromium @common @Arguments 2>$null
        return ($output -join "`n")
    }
}

AfterAll {
    Remove-Item -Recurse -Force $script:Tmp -ErrorAction SilentlyContinue
}

Describe 'Export-SecurityReport' {
    It 'writes the six formats in one pass, and the summary counts what Invoke-SecurityPolicy returns' {
        (Get-ChildItem $script:Out).Name | Sort-Object | Should -Be @('security-report.csv', 'security-report.html', 'security-report.json', 'security-report.junit.xml', 'security-report.md', 'security-report.sarif')
        $script:Summary.GetType().FullName | Should -Be 'SecureMailOps.Core.Reports.SecurityReportSummary'
        $script:Summary.Counts.Total | Should -Be $script:Findings.Count
        $script:Summary.Counts.Fail | Should -Be @($script:Findings | Where-Object { "$($_.Outcome)" -eq 'Fail' }).Count
        $script:Summary.Counts.Waived | Should -Be @($script:Findings | Where-Object { "$($_.Outcome)" -eq 'Waived' }).Count
        $script:Summary.ByPractice.Count | Should -Be 17
        $script:Summary.Sources.File | Should -Be @($script:Example, $script:HostileInventory | Sort-Object)
        ($script:Summary.Waivers | Where-Object Expired).RuleId | Should -Be 'SMO-CON-002'
        $script:Summary.Policies.Version | Sort-Object -Unique | Should -Be '1.0'
    }

    It 'returns the same counts from Invoke-SecurityPolicy -Summary, without a finding per rule and record' {
        $summary = Invoke-SecurityPolicy -Path $script:Example, $script:HostileInventory -Waiver $script:Waivers -AsOf $script:AsOf -Summary -WarningAction SilentlyContinue
        @($summary).Count | Should -Be 1
        $summary.Counts.ToString() | Should -Be $script:Summary.Counts.ToString()
        ($summary.ByPractice | ForEach-Object { $_.Counts.Fail }) -join ',' | Should -Be (($script:Summary.ByPractice | ForEach-Object { $_.Counts.Fail }) -join ',')
        ($summary.Rules | Measure-Object).Count | Should -Be ($script:Summary.Rules | Measure-Object).Count
        $summary.AsOf | Should -Be $script:AsOf
        ($summary | Format-List | Out-String) | Should -Match 'Outcomes\s+:'
    }

    It 'contains none of the secrets planted in the inventory, in any format' {
        foreach ($file in Get-ChildItem $script:Out) {
            $text = Get-Content -Raw $file.FullName
            foreach ($secret in $script:Secrets) { $text | Should -Not -BeLike "*$secret*" -Because "$($file.Name) must not carry inventory secrets" }
        }
    }

    It 'neutralises CSV cells a spreadsheet would run as formulas' {
        $rows = Import-Csv (Join-Path $script:Out 'security-report.csv')
        # Problems are listed (passes and not-applicable findings only with -IncludePass).
        $rows.Count | Should -Be @($script:Findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error', 'Waived' }).Count
        $evil = @($rows | Where-Object { $_.Target -like '*HYPERLINK*' })
        $evil.Count | Should -BeGreaterThan 0
        $evil | ForEach-Object { $_.Target | Should -BeLike "'=HYPERLINK(*" }
        $rows | ForEach-Object { $_.Target, $_.Reason, $_.Title } | Where-Object { $_ -match '^[=+\-@\t\r]' } | Should -BeNullOrEmpty
    }

    It 'takes the format from the extension, refuses an unknown one, and writes nothing with -WhatIf' {
        $dir = Join-Path $script:Tmp 'ext'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $script:Findings | Export-SecurityReport -Path (Join-Path $dir 'a.sarif'), (Join-Path $dir 'b.md')
        (Get-ChildItem $dir).Name | Sort-Object | Should -Be @('a.sarif', 'b.md')
        { $script:Findings | Export-SecurityReport -Path (Join-Path $dir 'c.txt') -ErrorAction Stop } | Should -Throw -ErrorId 'ReportUnknownFormat,SecureMailOps.Commands.ExportSecurityReportCommand'
        $script:Findings | Export-SecurityReport -Path (Join-Path $dir 'd.json') -WhatIf
        Test-Path (Join-Path $dir 'd.json') | Should -BeFalse
        (Get-ChildItem $dir -Force).Name | Sort-Object | Should -Be @('a.sarif', 'b.md')
    }

    It 'marks drift over two runs with known changes' {
        $dir = Join-Path $script:Tmp 'drift'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $before = Join-Path $dir 'before.json'
        $after = Join-Path $dir 'after.json'
        $inventory = Join-Path $dir 'inv.json'
        @(@{ kind = 'Account'; id = 'a'; mfa = @{ enabled = $false } }, @{ kind = 'Account'; id = 'b'; mfa = @{ enabled = $false } }) | ConvertTo-Json -Depth 4 | Set-Content $inventory
        Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf | Export-SecurityReport -Path $before
        # Now a has MFA on (fixed) and c arrives without it (new); b still fails.
        @(@{ kind = 'Account'; id = 'a'; mfa = @{ enabled = $true; methods = @('totp') } }, @{ kind = 'Account'; id = 'b'; mfa = @{ enabled = $false } }, @{ kind = 'Account'; id = 'c'; mfa = @{ enabled = $false } }) | ConvertTo-Json -Depth 4 | Set-Content $inventory
        $summary = Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf | Export-SecurityReport -Path $after -Baseline $before -PassThru
        $report = Get-Content -Raw $after | ConvertFrom-Json
        $mfa = $report.findings | Where-Object ruleId -eq 'SMO-ACC-001'
        ($mfa | Where-Object target -eq 'a').drift | Should -Be 'Fixed'
        ($mfa | Where-Object target -eq 'b').drift | Should -Be 'StillFailing'
        ($mfa | Where-Object target -eq 'c').drift | Should -Be 'New'
        $summary.Drift.Fixed | Should -BeGreaterOrEqual 1
        $summary.Drift.New | Should -Be @($report.findings | Where-Object drift -eq 'New').Count
        $summary.Drift.StillFailing | Should -Be @($report.findings | Where-Object drift -eq 'StillFailing').Count
        { Invoke-SecurityPolicy -Path $inventory | Export-SecurityReport -Path $after -Baseline $inventory -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportBaselineInvalid,SecureMailOps.Commands.ExportSecurityReportCommand'
    }
}

Describe 'Invoke-SecurityPolicy -ReportPath (reports written by the evaluation, without the pipeline)' {
    BeforeAll {
        function script:Get-NormalisedReport([string] $Path) {
            # The only difference two runs may have is when they were written.
            $text = Get-Content -Raw $Path
            $text = $text -replace 'Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC', 'Generated <time> UTC'
            return $text -replace '"generatedAt": "[^"]+"', '"generatedAt": "<time>"'
        }
        $script:EngineOut = Join-Path $script:Tmp 'engine-report'
        New-Item -ItemType Directory -Path $script:EngineOut | Out-Null
        $script:EngineSummary = @(Invoke-SecurityPolicy -Path $script:Example, $script:HostileInventory -Waiver $script:Waivers -AsOf $script:AsOf -WarningAction SilentlyContinue `
            -ReportPath $script:EngineOut -ReportTitle 'Example <report> & "friends"' -ReportSourceRoot $script:Root)
    }

    It 'writes the six formats the pipeline path writes for the same findings, byte for byte but the time written' {
        (Get-ChildItem $script:EngineOut -Force).Name | Sort-Object | Should -Be @((Get-ChildItem $script:Out -Force).Name | Sort-Object)
        foreach ($file in Get-ChildItem $script:Out) {
            $engine = Join-Path $script:EngineOut $file.Name
            Get-NormalisedReport $engine | Should -BeExactly (Get-NormalisedReport $file.FullName) -Because "$($file.Name) from -ReportPath must equal Export-SecurityReport's"
        }
    }

    It 'returns only the summary, with the counts Export-SecurityReport -PassThru returns' {
        $script:EngineSummary.Count | Should -Be 1
        $script:EngineSummary[0].GetType().FullName | Should -Be 'SecureMailOps.Core.Reports.SecurityReportSummary'
        $script:EngineSummary[0].Counts.ToString() | Should -Be $script:Summary.Counts.ToString()
        $script:EngineSummary[0].Counts.Total | Should -Be $script:Findings.Count
    }

    It 'contains none of the secrets planted in the inventory, in any format' {
        foreach ($file in Get-ChildItem $script:EngineOut) {
            $text = Get-Content -Raw $file.FullName
            foreach ($secret in $script:Secrets) { $text | Should -Not -BeLike "*$secret*" -Because "$($file.Name) must not carry inventory secrets" }
        }
    }

    It 'marks drift against -ReportBaseline as Export-SecurityReport -Baseline does' {
        $dir = Join-Path $script:Tmp 'engine-drift'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $inventory = Join-Path $dir 'inv.json'
        @(@{ kind = 'Account'; id = 'a'; mfa = @{ enabled = $false } }, @{ kind = 'Account'; id = 'b'; mfa = @{ enabled = $false } }) | ConvertTo-Json -Depth 4 | Set-Content $inventory
        $null = Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf -ReportPath (Join-Path $dir 'before.json')
        @(@{ kind = 'Account'; id = 'a'; mfa = @{ enabled = $true; methods = @('totp') } }, @{ kind = 'Account'; id = 'c'; mfa = @{ enabled = $false } }) | ConvertTo-Json -Depth 4 | Set-Content $inventory
        $summary = Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf -ReportPath (Join-Path $dir 'after.json') -ReportBaseline (Join-Path $dir 'before.json')
        Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf | Export-SecurityReport -Path (Join-Path $dir 'piped.json') -Baseline (Join-Path $dir 'before.json')
        $mfa = (Get-Content -Raw (Join-Path $dir 'after.json') | ConvertFrom-Json).findings | Where-Object ruleId -eq 'SMO-ACC-001'
        ($mfa | Where-Object target -eq 'a').drift | Should -Be 'Fixed'
        ($mfa | Where-Object target -eq 'c').drift | Should -Be 'New'
        $summary.Drift.Gone | Should -BeGreaterOrEqual 1
        Get-NormalisedReport (Join-Path $dir 'after.json') | Should -BeExactly (Get-NormalisedReport (Join-Path $dir 'piped.json'))
    }

    It 'lists passes in JSON and CSV only with -ReportIncludePass, and counts them either way' {
        $dir = Join-Path $script:Tmp 'engine-pass'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $null = Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -WarningAction SilentlyContinue -ReportPath (Join-Path $dir 'all.json'), (Join-Path $dir 'all.csv') -ReportIncludePass
        $null = Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -WarningAction SilentlyContinue -ReportPath (Join-Path $dir 'problems.json'), (Join-Path $dir 'problems.csv')
        $findings = @(Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -WarningAction SilentlyContinue)
        $problems = @($findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error', 'Waived' }).Count
        $all = Get-Content -Raw (Join-Path $dir 'all.json') | ConvertFrom-Json
        $all.listsPasses | Should -BeTrue
        @($all.findings).Count | Should -Be $findings.Count
        @(Import-Csv (Join-Path $dir 'all.csv')).Count | Should -Be $findings.Count
        $some = Get-Content -Raw (Join-Path $dir 'problems.json') | ConvertFrom-Json
        $some.listsPasses | Should -BeFalse
        @($some.findings).Count | Should -Be $problems
        @(Import-Csv (Join-Path $dir 'problems.csv')).Count | Should -Be $problems
        $c = $some.summary.counts
        $c.pass + $c.fail + $c.waived + $c.notApplicable + $c.error | Should -Be $findings.Count
    }

    It 'writes and evaluates nothing with -WhatIf' {
        $dir = Join-Path $script:Tmp 'engine-whatif'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $out = @(Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -ReportPath $dir -WhatIf -WarningAction SilentlyContinue)
        $out.Count | Should -Be 0
        @(Get-ChildItem $dir -Force).Count | Should -Be 0
    }

    It 'leaves the previous reports whole and no temporary file when the run stops half-way' {
        $dir = Join-Path $script:Tmp 'engine-atomic'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $inventory = Join-Path $dir 'accounts.jsonl'
        $good = 0..499 | ForEach-Object { '{"kind":"Account","id":"user' + $_ + '@example.com","mfa":{"enabled":false}}' }
        Set-Content -Path $inventory -Value $good
        $reports = Join-Path $dir 'out'
        New-Item -ItemType Directory -Path $reports | Out-Null
        $null = Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf -ReportPath $reports
        $before = Get-ChildItem $reports -Force | ForEach-Object { $_.Name + '=' + (Get-FileHash $_.FullName).Hash }
        @($before).Count | Should -Be 6
        # Findings of 500 records are written, then a broken record stops the run (-ErrorAction Stop).
        Set-Content -Path $inventory -Value ($good + '{"kind":"Account","id":"broken",' + ($good | Select-Object -First 100))
        { Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf -ReportPath $reports -ErrorAction Stop } | Should -Throw
        Get-ChildItem $reports -Force | ForEach-Object { $_.Name + '=' + (Get-FileHash $_.FullName).Hash } | Should -Be $before
        # A folder that does not exist: a write error naming the file, and nothing left beside the others.
        { Invoke-SecurityPolicy -Path $inventory -AsOf $script:AsOf -ReportPath (Join-Path $reports 'a.csv'), (Join-Path $dir 'missing' 'b.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportWriteFailed,SecureMailOps.Commands.InvokeSecurityPolicyCommand'
        Get-ChildItem $reports -Force | ForEach-Object { $_.Name + '=' + (Get-FileHash $_.FullName).Hash } | Should -Be $before
    }

    It 'refuses -ReportPath together with -Summary or -Outcome (one parameter set each)' {
        { Invoke-SecurityPolicy -Path $script:Example -ReportPath $script:Tmp -Summary } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.InvokeSecurityPolicyCommand'
        { Invoke-SecurityPolicy -Path $script:Example -ReportPath $script:Tmp -Outcome Fail } | Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.InvokeSecurityPolicyCommand'
    }
}

Describe 'The HTML report in headless Chromium' {
    BeforeAll {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed' }
    }

    It 'shows the right counts with scripting on, makes no network request, and renders hostile values as text' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
        $netLog = Join-Path $script:Tmp 'net.json'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $dom = Invoke-Chromium @('--dump-dom', "--log-net-log=$netLog", '--net-log-capture-mode=Everything', (ConvertTo-FileUri $script:Html))
        $watch.Stop()
        Write-Host ("    (Chromium opened and scripted the report in {0:N1} s)" -f $watch.Elapsed.TotalSeconds)
        $failing = @($script:Findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error' }).Count
        $dom | Should -Match ('data-count="Fail"><span class="n">{0}</span>' -f $script:Summary.Counts.Fail)
        $dom | Should -Match ('id="findings-status"[^>]*data-matches="{0}"' -f $failing)
        $dom | Should -Match '<tbody id="findings-body"><tr class="o-Fail">'
        # The hostile id is text in the rendered rows and in the static table; no element was injected.
        $dom | Should -Match ([regex]::Escape('&lt;script&gt;alert("x")&lt;/script&gt;'))
        ([regex]::Matches($dom, '<script')).Count | Should -Be 3
        $dom | Should -Not -Match '<script>alert'
        $dom | Should -Match '<title>Example &lt;report&gt; &amp; "friends"</title>'
        # No request started by the page (Chromium's own background requests have no origin).
        Get-PageRequest $netLog | Should -BeNullOrEmpty
        # A page that does fetch is caught, so the check above can fail.
        $control = Join-Path $script:Tmp 'control.html'
        Set-Content -Path $control -Value '<html><body><img src="http://probe.invalid/x.png"><script>fetch("https://probe.invalid/y")</script></body></html>'
        $controlLog = Join-Path $script:Tmp 'control-net.json'
        Invoke-Chromium @('--dump-dom', "--log-net-log=$controlLog", '--net-log-capture-mode=Everything', (ConvertTo-FileUri $control)) | Out-Null
        @(Get-PageRequest $controlLog).Count | Should -Be 2
    }

    It 'filters from the address (outcome, severity, search) and pages the table' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
        $uri = (ConvertTo-FileUri $script:Html)
        $bob = @($script:Findings | Where-Object { $_.TargetName -eq 'bob@example.com' -and "$($_.Outcome)" -in 'Fail', 'Error', 'Waived' }).Count
        $dom = Invoke-Chromium @('--dump-dom', "$uri#outcome=all&q=bob%40example")
        $dom | Should -Match ('data-matches="{0}"' -f $bob)
        $high = @($script:Findings | Where-Object { "$($_.Outcome)" -eq 'Fail' -and "$($_.Severity)" -eq 'High' }).Count
        $dom = Invoke-Chromium @('--dump-dom', "$uri#outcome=Fail&severity=High")
        $dom | Should -Match ('data-matches="{0}"' -f $high)
        ([regex]::Matches(($dom -split 'id="findings-body"')[1].Split('</tbody>')[0], '<tr ')).Count | Should -Be ([Math]::Min(50, $high))
    }

    It 'is readable with scripting off: the summary and the failing findings are plain HTML, not built by the script' {
        # The file itself, script elements removed (the next test opens it in Chromium with scripting
        # disabled; --dump-dom prints nothing then, so that one reads the DOM over DevTools).
        $static = [regex]::Replace((Get-Content -Raw $script:Html), '(?s)<script\b.*?</script>', '')
        $static | Should -Match ('data-count="Fail"><span class="n">{0}</span>' -f $script:Summary.Counts.Fail)
        $static | Should -Match '<table id="by-practice">'
        ([regex]::Matches($static, '<tr data-practice="\d+">')).Count | Should -Be 17
        $static | Should -Match '<svg [^>]*id="practice-chart"'
        $failing = @($script:Findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error' }).Count
        $noscript = [regex]::Match($static, '(?s)<noscript>.*</noscript>').Value
        $noscript | Should -Match 'Scripting is off'
        ([regex]::Matches($noscript, '<tr><td>(Fail|Error)</td>')).Count | Should -Be $failing
        $static | Should -Match '<form class="controls" id="controls" hidden="hidden"'
    }

    It 'shows the summary counts in a browser with scripting disabled (DOM read over DevTools)' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
        $page = Open-ChromiumPage -Chromium $script:Chromium -Uri (ConvertTo-FileUri $script:Html) -ProfileDirectory (Join-Path $script:Tmp ('chrome-' + [guid]::NewGuid().ToString('N'))) -NoScript
        $dom = $page.Html
        $dom | Should -Match ('data-count="Fail"><span class="n">{0}</span>' -f $script:Summary.Counts.Fail)
        $dom | Should -Match ('data-count="Pass"><span class="n">{0}</span>' -f $script:Summary.Counts.Pass)
        $practices = @($script:Summary.ByPractice).Count
        ([regex]::Matches($dom, '<tr data-practice="\d+">')).Count | Should -Be $practices
        # No script ran: the paged table is empty and the controls stay hidden; the noscript list is DOM.
        $dom | Should -Match '<tbody id="findings-body"></tbody>'
        $dom | Should -Match '<form class="controls" id="controls" hidden="hidden"'
        $failing = @($script:Findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error' }).Count
        ([regex]::Matches($dom, '<tr><td>(Fail|Error)</td>')).Count | Should -Be $failing
        # The same page with scripting on fills the table, so the assertions above can fail.
        $scripted = Open-ChromiumPage -Chromium $script:Chromium -Uri (ConvertTo-FileUri $script:Html) -ProfileDirectory (Join-Path $script:Tmp ('chrome-' + [guid]::NewGuid().ToString('N')))
        $scripted.Html | Should -Match '<tbody id="findings-body"><tr class="o-Fail">'
    }

    It 'takes a screenshot' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
        $png = Join-Path $script:Tmp 'report.png'
        Invoke-Chromium @("--screenshot=$png", '--window-size=1280,1800', (ConvertTo-FileUri $script:Html)) | Out-Null
        (Get-Item $png).Length | Should -BeGreaterThan 20000
        [IO.File]::ReadAllBytes($png)[1..3] | Should -Be @(0x50, 0x4E, 0x47)
    }

    It 'opens 100,000 findings without freezing: the page renders one page of rows' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'chromium is not installed'; return }
        $big = Join-Path $script:Tmp 'big.jsonl'
        $writer = [IO.StreamWriter]::new($big)
        try {
            for ($i = 0; $i -lt 13000; $i++) { $writer.WriteLine('{"kind":"Account","id":"user' + $i + '@example.com","mfa":{"enabled":false},"password":{"length":6,"reused":true,"breached":true}}') }
        }
        finally { $writer.Dispose() }
        $html = Join-Path $script:Tmp 'big.html'
        $summary = Invoke-SecurityPolicy -Path $big -AsOf $script:AsOf | Export-SecurityReport -Path $html -PassThru
        $listed = $summary.Counts.Fail + $summary.Counts.Error + $summary.Counts.Waived
        $listed | Should -BeGreaterThan 100000
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $dom = Invoke-Chromium @('--dump-dom', (ConvertTo-FileUri $html))
        $watch.Stop()
        Write-Host ("    ({0:N0} findings listed; Chromium opened and scripted the page in {1:N1} s)" -f $listed, $watch.Elapsed.TotalSeconds)
        $dom | Should -Match ('data-matches="{0}"' -f ($summary.Counts.Fail + $summary.Counts.Error))
        ([regex]::Matches(($dom -split 'id="findings-body"')[1].Split('</tbody>')[0], '<tr ')).Count | Should -Be 50
    }
}

Describe 'SARIF for code scanning' {
    It 'passes the SARIF Multitool with no error or warning' {
        if (-not (Test-Path $script:Multitool)) { Set-ItResult -Skipped -Because 'the SARIF Multitool is not installed (npm)'; return }
        # The example inventory is YAML, so every result has a line (records of JSON files carry none yet).
        $sarif = Join-Path $script:Tmp 'example.sarif'
        Invoke-SecurityPolicy -Path $script:Example -Waiver $script:Waivers -AsOf $script:AsOf -WarningAction SilentlyContinue | Export-SecurityReport -Path $sarif -SourceRoot $script:Root
        $log = Join-Path $script:Tmp 'validation.sarif'
        & $script:Multitool validate $sarif -o $log --level 'Error;Warning;Note' | Out-Null
        $LASTEXITCODE | Should -Be 0
        $results = @((Get-Content -Raw $log | ConvertFrom-Json).runs[0].results)
        $problems = @($results | Where-Object { $_.PSObject.Properties['level'] -eq $null -or $_.level -in 'error', 'warning' })
        ($problems | ForEach-Object { "$($_.ruleId) $($_.message.arguments -join ' ')" }) -join '; ' | Should -BeNullOrEmpty
        # The report with JSON records and hostile values has no error either.
        $hostileLog = Join-Path $script:Tmp 'hostile-validation.sarif'
        & $script:Multitool validate (Join-Path $script:Out 'security-report.sarif') -o $hostileLog --level 'Error' | Out-Null
        @((Get-Content -Raw $hostileLog | ConvertFrom-Json).runs[0].results) | Should -BeNullOrEmpty
        # A broken file is reported, so the checks above can fail.
        $bad = Join-Path $script:Tmp 'bad.sarif'
        (Get-Content -Raw (Join-Path $script:Out 'security-report.sarif')).Replace('"startLine": ', '"startLine": -') | Set-Content $bad
        $badLog = Join-Path $script:Tmp 'bad-validation.sarif'
        & $script:Multitool validate $bad -o $badLog --level 'Error;Warning' | Out-Null
        @((Get-Content -Raw $badLog | ConvertFrom-Json).runs[0].results | Where-Object { $_.PSObject.Properties['level'] -and $_.level -eq 'error' }).Count | Should -BeGreaterThan 0
    }

    It 'validates against the SARIF 2.1.0 JSON schema, points at the inventory lines and lists problems only' {
        if (-not (Test-Path $script:SarifSchema)) { Set-ItResult -Skipped -Because 'the SARIF schema package is not installed (npm)'; return }
        $sarif = Join-Path $script:Out 'security-report.sarif'
        $check = "import json,sys,jsonschema; jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2]))); print('valid')"
        & $script:Python -c $check $script:SarifSchema $sarif 2>&1 | Should -Be 'valid'
        $doc = Get-Content -Raw $sarif | ConvertFrom-Json
        $run = $doc.runs[0]
        $run.tool.driver.semanticVersion | Should -Match '^\d+\.\d+\.\d+'
        $run.results.kind | Sort-Object -Unique | Should -Be 'fail'
        $run.results.Count | Should -Be ($script:Summary.Counts.Fail + $script:Summary.Counts.Error + $script:Summary.Counts.Waived)
        $bob = $run.results | Where-Object { $_.properties.target -eq 'bob@example.com' } | Select-Object -First 1
        $bob.locations[0].physicalLocation.artifactLocation.uri | Should -Be 'examples/inventory.yaml'
        $line = (Select-String -Path $script:Example -Pattern '^\s+- id: bob@example.com').LineNumber
        $bob.locations[0].physicalLocation.region.startLine | Should -Be $line
        ($run.results | Where-Object { $_.PSObject.Properties['suppressions'] }).suppressions.justification | Should -Not -BeNullOrEmpty
    }
}

Describe 'SARIF locations for JSON inventories' {
    It 'points each result from a .json or .jsonl inventory at its file and the line its record starts on' {
        $folder = Join-Path $script:Tmp 'json-locations'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $json = Join-Path $folder 'accounts.json'
        Set-Content -Path $json -Encoding utf8NoBOM -Value @(
            '['
            '  {"kind":"Account","id":"json-a@example.com","mfa":{"enabled":false}},'
            '  {"kind":"Account","id":"json-b@example.com","mfa":{"enabled":true}},'
            '  {"kind":"Account","id":"json-c@example.com","mfa":{"enabled":false}}'
            ']')
        $jsonl = Join-Path $folder 'accounts.jsonl'
        Set-Content -Path $jsonl -Encoding utf8NoBOM -Value @(
            '{"kind":"Account","id":"jsonl-a@example.com","mfa":{"enabled":false}}'
            '{"kind":"Account","id":"jsonl-b@example.com","mfa":{"enabled":false}}')
        $sarif = Join-Path $folder 'r.sarif'
        Invoke-SecurityPolicy -Path $json, $jsonl -AsOf $script:AsOf -WarningAction SilentlyContinue | Export-SecurityReport -Path $sarif -SourceRoot $folder
        $results = @((Get-Content -Raw $sarif | ConvertFrom-Json).runs[0].results)
        $expected = @{ 'json-a@example.com' = @('accounts.json', 2); 'json-c@example.com' = @('accounts.json', 4); 'jsonl-a@example.com' = @('accounts.jsonl', 1); 'jsonl-b@example.com' = @('accounts.jsonl', 2) }
        foreach ($target in $expected.Keys) {
            $mine = @($results | Where-Object { $_.properties.target -eq $target })
            $mine.Count | Should -BeGreaterThan 0 -Because "$target fails the MFA rule"
            foreach ($result in $mine) {
                $result.locations[0].physicalLocation.artifactLocation.uri | Should -Be $expected[$target][0]
                $result.locations[0].physicalLocation.region.startLine | Should -Be $expected[$target][1] -Because "$target's record starts there"
            }
        }
    }
}

Describe 'JUnit for test tabs' {
    It 'validates against the JUnit XSD kept in the tests and reads back with a JUnit reader' {
        $path = Join-Path $script:Out 'security-report.junit.xml'
        $schemas = [Xml.Schema.XmlSchemaSet]::new()
        $schemas.Add($null, (Join-Path $PSScriptRoot 'data' 'junit.xsd')) | Out-Null
        $settings = [Xml.XmlReaderSettings]::new()
        $settings.ValidationType = 'Schema'
        $settings.Schemas = $schemas
        $errors = [Collections.Generic.List[string]]::new()
        $settings.add_ValidationEventHandler({ param($s, $e) $errors.Add($e.Message) })
        $reader = [Xml.XmlReader]::Create($path, $settings)
        try { while ($reader.Read()) { } } finally { $reader.Dispose() }
        $errors -join '; ' | Should -BeNullOrEmpty

        $read = "import sys; from junitparser import JUnitXml, Failure, Error, Skipped`nx = JUnitXml.fromfile(sys.argv[1])`nc = [c for s in x for c in s]`nk = lambda t: sum(1 for i in c if any(isinstance(r, t) for r in i.result))`nprint(len(c), k(Failure), k(Error), k(Skipped), len(list(x)))"
        $counts = & $script:Python -c $read $path 2>&1
        if ($counts -match 'No module named') {
            if ($env:CI -eq 'true') { throw 'python3-junitparser is missing; .ci/run installs it.' }
            Set-ItResult -Skipped -Because 'python3-junitparser is not installed'; return
        }

        $s = $script:Summary.Counts
        $counts | Should -Be ('{0} {1} {2} {3} 3' -f $s.Total, $s.Fail, $s.Error, ($s.Waived + $s.NotApplicable))
    }
}

Describe 'Assert-SecurityPolicy in CI' {
    It 'writes GitHub Actions annotations at the inventory file and line, and the step summary' {
        $stepSummary = Join-Path $script:Tmp 'step-summary.md'
        Set-Content -Path $stepSummary -Value '# earlier step' -Encoding utf8NoBOM
        $module = Get-TestModulePath
        $output = Invoke-FreshPwsh @"
`$env:GITHUB_ACTIONS = 'true'; `$env:GITHUB_WORKSPACE = '$($script:Root)'; `$env:GITHUB_STEP_SUMMARY = '$stepSummary'
Import-Module '$module'
try { Assert-SecurityPolicy -Path '$($script:Example)' -AsOf '2026-06-01' -FailOn High -WarningAction SilentlyContinue } catch { 'FQID ' + `$_.FullyQualifiedErrorId }
"@
        $line = (Select-String -Path $script:Example -Pattern '^\s+- id: bob@example.com').LineNumber
        $output | Should -Contain 'FQID SecurityPolicyAssertionFailed,SecureMailOps.Commands.AssertSecurityPolicyCommand'
        $bob = @($output | Where-Object { $_ -like '::*bob@example.com*' })
        $bob.Count | Should -BeGreaterThan 0
        $bob | ForEach-Object { $_ | Should -Match ('^::(error|warning) file=examples/inventory.yaml,line={0},title=SMO-' -f $line) }
        $output | Where-Object { $_ -like '::error *' } | Should -Not -BeNullOrEmpty
        $text = Get-Content -Raw $stepSummary
        $text | Should -BeLike '# earlier step*# Security policy assertion*## By practice*## Failing findings*'
    }

    It 'writes Azure Pipelines logging commands, and nothing of the kind outside CI' {
        $module = Get-TestModulePath
        $azure = Invoke-FreshPwsh @"
`$env:GITHUB_ACTIONS = `$null; `$env:GITHUB_STEP_SUMMARY = `$null; `$env:TF_BUILD = 'True'
Import-Module '$module'
try { Assert-SecurityPolicy -Path '$($script:Example)' -AsOf '2026-06-01' -FailOn Critical -WarningAction SilentlyContinue } catch { }
"@
        $issues = @($azure | Where-Object { $_ -like '##vso*' })
        $issues.Count | Should -BeGreaterThan 0
        $issues | ForEach-Object { $_ | Should -Match '^##vso\[task\.logissue type=(error|warning);sourcepath=[^;]+inventory\.yaml;linenumber=\d+;code=SMO-[A-Z]+-\d+;\]' }
        $plain = Invoke-FreshPwsh @"
`$env:GITHUB_ACTIONS = `$null; `$env:GITHUB_STEP_SUMMARY = `$null; `$env:TF_BUILD = `$null
Import-Module '$module'
try { Assert-SecurityPolicy -Path '$($script:Example)' -AsOf '2026-06-01' -FailOn Critical -WarningAction SilentlyContinue } catch { }
"@
        $plain | Where-Object { $_ -like '##vso*' -or $_ -like '::*' } | Should -BeNullOrEmpty
    }
}

Describe 'New-SecurityPolicyTestContainer' {
    It 'puts each rule x record into Pester results: Pass passes, Fail fails with the reason, Waived and NotApplicable are skipped' {
        $container = New-SecurityPolicyTestContainer -Path $script:Example -Waiver $script:Waivers -AsOf $script:AsOf
        $container.GetType().FullName | Should -Be 'Pester.ContainerInfo'
        $config = New-PesterConfiguration
        $config.Run.Container = $container
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'None'
        $junit = Join-Path $script:Tmp 'pester-junit.xml'
        $config.TestResult.Enabled = $true
        $config.TestResult.OutputFormat = 'JUnitXml'
        $config.TestResult.OutputPath = $junit
        $result = Invoke-Pester -Configuration $config
        $findings = @(Invoke-SecurityPolicy -Path $script:Example -Waiver $script:Waivers -AsOf $script:AsOf -WarningAction SilentlyContinue)
        $result.PassedCount | Should -Be @($findings | Where-Object { "$($_.Outcome)" -eq 'Pass' }).Count
        $result.FailedCount | Should -Be @($findings | Where-Object { "$($_.Outcome)" -in 'Fail', 'Error' }).Count
        $result.SkippedCount | Should -Be @($findings | Where-Object { "$($_.Outcome)" -in 'Waived', 'NotApplicable' }).Count
        $bob = $result.Failed | Where-Object { $_.ExpandedName -eq 'Account bob@example.com' } | Select-Object -First 1
        $bob.ErrorRecord[0].Exception.Message | Should -Match 'Remediation: .+\(record at .+inventory\.yaml:\d+\)'
        ([xml](Get-Content -Raw $junit)).testsuites.tests | Should -Be $findings.Count
    }

    It 'says clearly when Pester 5 is not loaded' {
        $module = Get-TestModulePath
        # Pester would be loaded on first use from PSModulePath: take the test tools' folder off it.
        $output = Invoke-FreshPwsh "`$env:PSModulePath = (`$env:PSModulePath -split [IO.Path]::PathSeparator | Where-Object { `$_ -notlike '*out*modules*' }) -join [IO.Path]::PathSeparator; Import-Module '$module'; try { New-SecurityPolicyTestContainer -Path '$($script:Example)' } catch { 'FQID ' + `$_.FullyQualifiedErrorId }"
        $output | Should -Contain 'FQID ReportPesterMissing,SecureMailOps.Commands.NewSecurityPolicyTestContainerCommand'
    }
}
