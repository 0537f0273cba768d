BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Example = Join-Path $script:Root 'examples' 'inventory.yaml'
    $script:Waivers = Join-Path $script:Root 'examples' 'waivers.yaml'
    $script:AsOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
    $script:Tmp = Join-Path ([IO.Path]::GetTempPath()) ("smo-policy-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Tmp | Out-Null

    # A stand-in for the Connection records Test-SmtpServer produces: a plain .NET object with nested objects.
    if (-not ('SmoTest.ProbeConnection' -as [type])) {
        Add-Type -TypeDefinition @'
namespace SmoTest {
    public sealed class ProbeTls {
        public bool Enabled { get; set; }
        public string Version { get; set; }
        public bool CertificateValid { get; set; }
        public int CertificateDaysLeft { get; set; }
    }
    public sealed class ProbeConnection {
        public string Kind { get { return "Connection"; } }
        public string Id { get; set; }
        public string Host { get; set; }
        public int Port { get; set; }
        public string Protocol { get; set; }
        public ProbeTls Tls { get; set; }
        public bool AuthBeforeTls { get; set; }
        public string this[int i] { get { return "indexers are skipped"; } }
    }
}
'@
    }

    function script:New-Policy([string] $Name, [string] $Body) {
        $path = Join-Path $script:Tmp $Name
        Set-Content -Path $path -Value $Body -Encoding utf8NoBOM
        return $path
    }

    $script:OneRule = @'
apiVersion: securemailops/v1
kind: SecurityPolicy
metadata:
  name: one
spec:
  parameters:
    minLength: { type: number, default: 12 }
  rules:
    - id: ONE-1
      title: long password
      severity: high
      practice: 5
      target: Account
      condition:
        field: password.length
        greaterOrEquals: { param: minLength }
      remediation: change the password to a longer one
'@
}

AfterAll {
    Remove-Item -Recurse -Force $script:Tmp -ErrorAction SilentlyContinue
}

Describe 'Get-SecurityPolicy' {
    It 'loads the shipped baseline, each policy with its Path' {
        $policies = Get-SecurityPolicy
        $policies.Name | Sort-Object | Should -Be @('baseline-accounts', 'baseline-connections', 'baseline-devices')
        foreach ($p in $policies) { Test-Path $p.Path | Should -BeTrue }
        ($policies.Rules | Measure-Object).Count | Should -Be 42
        $policies[0].GetType().FullName | Should -Be 'SecureMailOps.Core.Policies.SecurityPolicy'
    }

    It 'loads a folder and accepts pipeline input from Get-ChildItem' {
        $path = New-Policy 'one.yaml' $script:OneRule
        (Get-ChildItem $path | Get-SecurityPolicy).Name | Should -Be 'one'
        (Get-SecurityPolicy -Path $script:Tmp).Name | Should -Contain 'one'
    }

    It 'reports a misspelled key as PolicyUnknownKey with file, line, column and a suggestion' {
        $path = New-Policy 'typo.yaml' ($script:OneRule -replace 'severity: high', 'severty: high')
        $err = $null
        $out = Get-SecurityPolicy -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        # The misspelling is reported, and so is the field it leaves missing, each at its own place.
        $err.FullyQualifiedErrorId | Should -Be @('PolicyMissingField,SecureMailOps.Commands.GetSecurityPolicyCommand', 'PolicyUnknownKey,SecureMailOps.Commands.GetSecurityPolicyCommand')
        $err[1].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[1].Exception.Message | Should -BeLike "*typo.yaml:11:7: unknown key 'severty'*did you mean 'severity'?*"
        $err[0].Exception.Message | Should -BeLike "*typo.yaml:9:7: rule 'ONE-1' needs 'severity'"
    }

    It 'reports duplicate rule ids across files' {
        $dir = Join-Path $script:Tmp 'dups'
        New-Item -ItemType Directory -Path $dir | Out-Null
        Set-Content (Join-Path $dir 'a.yaml') $script:OneRule
        Set-Content (Join-Path $dir 'b.yaml') ($script:OneRule -replace 'name: one', 'name: two')
        $err = $null
        $null = Get-SecurityPolicy -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyDuplicateRuleId,SecureMailOps.Commands.GetSecurityPolicyCommand'
        $err[0].Exception.Message | Should -BeLike '*b.yaml:9:7*already used at*a.yaml:9:7'
    }

    It 'fails fast on an alias bomb with PolicyAliasLimitExceeded (LimitsExceeded)' {
        $lines = @('a0: &a0 [x, x, x, x, x, x, x, x, x, x]')
        foreach ($i in 1..12) { $lines += "a${i}: &a$i [$((@("*a$($i - 1)") * 10) -join ', ')]" }
        $path = New-Policy 'bomb.yaml' ($lines -join "`n")
        $err = $null
        $null = Get-SecurityPolicy -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyAliasLimitExceeded,SecureMailOps.Commands.GetSecurityPolicyCommand'
        $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'reports a missing path as PolicyPathNotFound (ObjectNotFound)' {
        $err = $null
        $null = Get-SecurityPolicy -Path (Join-Path $script:Tmp 'nope.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'PolicyPathNotFound,SecureMailOps.Commands.GetSecurityPolicyCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Import-SecurityInventory' {
    BeforeAll {
        $script:Yaml = Join-Path $script:Tmp 'inv.yaml'
        Set-Content $script:Yaml "accounts:`n  - { id: a1, mfa: { enabled: true } }`ndevices:`n  - { id: d1, screenLock: true }"
        $script:Json = Join-Path $script:Tmp 'inv.json'
        Set-Content $script:Json '[{"kind":"Account","id":"a1","mfa":{"enabled":true}},{"kind":"Connection","id":"c1"}]'
        $script:Jsonl = Join-Path $script:Tmp 'inv.jsonl'
        Set-Content $script:Jsonl @('{"kind":"Account","id":"a1"}', '{not json', '{"kind":"Device","id":"d1"}')
        $script:Csv = Join-Path $script:Tmp 'inv.csv'
        Set-Content $script:Csv @('id,mfa.enabled,mfa.methods[]', 'a1,true,totp;sms', 'a2,false,')
    }

    It 'reads <Name>' -ForEach @(
        @{ Name = 'YAML'; Var = 'Yaml'; Ids = @('a1', 'd1') }
        @{ Name = 'JSON'; Var = 'Json'; Ids = @('a1', 'c1') }
        @{ Name = 'CSV'; Var = 'Csv'; Ids = @('a1', 'a2') }
    ) {
        $records = Import-SecurityInventory -Path (Get-Variable -Scope Script -Name $Var -ValueOnly) -Kind Account
        $records.Id | Should -Be $Ids
        $records[0].GetType().FullName | Should -Be 'SecureMailOps.Core.Policies.InventoryRecord'
    }

    It 'reads CSV dotted columns as nested fields and [] columns as lists' {
        $first = Import-SecurityInventory -Path $script:Csv -Kind Account | Select-Object -First 1
        $first.Fields.mfa.enabled | Should -Be 'true'
        @($first.Fields.mfa.methods) | Should -Be @('totp', 'sms')
    }

    It 'streams JSON Lines and reports a bad line without stopping' {
        $err = $null
        $records = Import-SecurityInventory -Path $script:Jsonl -ErrorVariable err -ErrorAction SilentlyContinue
        $records.Id | Should -Be @('a1', 'd1')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InventoryRecordInvalid,SecureMailOps.Commands.ImportSecurityInventoryCommand'
        $err[0].Exception.Message | Should -BeLike '*inv.jsonl:2*'
    }

    It 'reports records without a kind as InventoryKindInvalid' {
        $err = $null
        $records = Import-SecurityInventory -Path $script:Csv -ErrorVariable err -ErrorAction SilentlyContinue
        $records | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InventoryKindInvalid,SecureMailOps.Commands.ImportSecurityInventoryCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'refuses an unknown extension with InventoryFormatUnknown' {
        $path = Join-Path $script:Tmp 'inv.txt'
        Set-Content $path 'x'
        $err = $null
        $null = Import-SecurityInventory -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InventoryFormatUnknown,SecureMailOps.Commands.ImportSecurityInventoryCommand'
    }
}

Describe 'Invoke-SecurityPolicy' {
    It 'evaluates the baseline on the example inventory with the expected failures' {
        $findings = Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -Waiver $script:Waivers -WarningVariable warn -WarningAction SilentlyContinue
        $findings.Count | Should -Be 183
        $failed = $findings | Where-Object Outcome -EQ 'Fail'
        $failed.Count | Should -Be 24
        ($findings | Where-Object Outcome -EQ 'Waived').RuleId | Should -Be 'SMO-ACC-013'
        ($failed | Where-Object TargetName -EQ 'legacy-relay').RuleId | Sort-Object | Should -Be @('SMO-CON-002', 'SMO-CON-003', 'SMO-CON-004', 'SMO-CON-005')
        $warn.Count | Should -Be 1
        "$($warn[0])" | Should -BeLike '*SMO-CON-002*expired on 2026-03-31*'
    }

    It 'emits findings with the documented properties' {
        $f = Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -Outcome Fail |
            Where-Object { $_.RuleId -eq 'SMO-ACC-005' } | Select-Object -First 1
        $f.GetType().FullName | Should -Be 'SecureMailOps.Core.Policies.PolicyFinding'
        $f.TargetName | Should -Be 'bob@example.com'
        "$($f.TargetKind)" | Should -Be 'Account'
        "$($f.Severity)" | Should -Be 'High'
        @($f.Practices) | Should -Be @(5)
        $f.Reason | Should -Be "'password.length' is 10; expected greaterOrEquals 12 (parameter minPasswordLength)"
        $f.Remediation | Should -Not -BeNullOrEmpty
        $f.RulePath | Should -BeLike '*baseline-accounts.yaml'
        $f.RuleLine | Should -BeGreaterThan 0
        $f.Title | Should -Be 'The password is long enough'
    }

    It 'filters by -Outcome' {
        $outcomes = Invoke-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -Outcome Fail, Error | ForEach-Object { "$($_.Outcome)" } | Sort-Object -Unique
        $outcomes | Should -Be @('Fail')
    }

    It 'takes policy files and folders in -Policy, loaded by the strict loader' {
        $dir = Join-Path $script:Tmp 'policy-folder'
        New-Item -ItemType Directory -Force -Path $dir | Out-Null
        Set-Content -Path (Join-Path $dir 'one.yaml') -Value $script:OneRule -Encoding utf8NoBOM
        $record = @{ kind = 'Account'; id = 'x'; password = @{ length = 10 } }
        $file = New-Policy 'as-file.yaml' $script:OneRule
        ($record | Invoke-SecurityPolicy -Policy $file).Outcome | Should -Be 'Fail'
        ($record | Invoke-SecurityPolicy -Policy (Get-Item $file)).Outcome | Should -Be 'Fail'
        ($record | Invoke-SecurityPolicy -Policy $dir).Outcome | Should -Be 'Fail'
        Push-Location $script:Tmp
        try { ($record | Invoke-SecurityPolicy -Policy ./as-file.yaml).Outcome | Should -Be 'Fail' } finally { Pop-Location }
        { $record | Assert-SecurityPolicy -Policy $file -FailOn High } | Should -Throw -ErrorId 'SecurityPolicyAssertionFailed,SecureMailOps.Commands.AssertSecurityPolicyCommand'
    }

    It 'reports a broken policy file given to -Policy with its line and column' {
        $bad = New-Policy 'broken.yaml' ($script:OneRule -replace 'severity:', 'severty:')
        $e = { @{ kind = 'Account'; id = 'x' } | Invoke-SecurityPolicy -Policy $bad } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
        $e.Exception.Message | Should -BeLike '*broken.yaml:*:*severty*'
        { @{ kind = 'Account'; id = 'x' } | Invoke-SecurityPolicy -Policy (Join-Path $script:Tmp 'nope.yaml') } | Should -Throw '*does not exist*'
    }

    It 'gives the same records for Import-Csv piped in and -Path x.csv (lists, dotted names, empty cells)' {
        $csv = Join-Path $script:Tmp 'parity.csv'
        Set-Content -Path $csv -Encoding utf8NoBOM -Value @(
            'kind,id,mfa.enabled,mfa.methods[],password.length,note'
            'Account,a@example.com,true,totp; fido2 ;,14,'
            'Account,b@example.com,false,,9,hello'
            'Account,c@example.com,,sms,,'
        )
        $policy = Get-SecurityPolicy
        $fromPath = Invoke-SecurityPolicy -Policy $policy -Path $csv -AsOf $script:AsOf | ForEach-Object { '{0} {1} {2} {3}' -f $_.RuleId, $_.TargetName, $_.Outcome, $_.Reason }
        $fromPipe = Import-Csv $csv | Invoke-SecurityPolicy -Policy $policy -AsOf $script:AsOf | ForEach-Object { '{0} {1} {2} {3}' -f $_.RuleId, $_.TargetName, $_.Outcome, $_.Reason }
        $fromPath.Count | Should -BeGreaterThan 10
        $fromPipe | Should -Be $fromPath
        $a = @(Import-Csv $csv | Invoke-SecurityPolicy -Policy (New-Policy 'methods.yaml' ($script:OneRule -replace 'field: password.length', 'field: mfa.methods' -replace 'greaterOrEquals: \{ param: minLength \}', 'count: { equals: 2 }')) -AsOf $script:AsOf)
        $a.Outcome | Should -Be @('Pass', 'Fail', 'Fail')
    }

    It 'overrides a parameter with -Parameter' {
        $policy = Get-SecurityPolicy -Path (New-Policy 'param.yaml' $script:OneRule)
        $record = @{ kind = 'Account'; id = 'x'; password = @{ length = 10 } }
        ($record | Invoke-SecurityPolicy -Policy $policy).Outcome | Should -Be 'Fail'
        ($record | Invoke-SecurityPolicy -Policy $policy -Parameter @{ minLength = 8 }).Outcome | Should -Be 'Pass'
    }

    It 'stops on an unknown parameter with PolicyParameterUnknown and a suggestion' {
        $policy = Get-SecurityPolicy -Path (New-Policy 'param2.yaml' $script:OneRule)
        $e = { @{ kind = 'Account'; id = 'x' } | Invoke-SecurityPolicy -Policy $policy -Parameter @{ minLenght = 8 } } |
            Should -Throw -ErrorId 'PolicyParameterUnknown,SecureMailOps.Commands.InvokeSecurityPolicyCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*did you mean 'minLength'?*"
    }

    It 'evaluates a hashtable, a PSCustomObject and an inventory record the same way' {
        $policy = Get-SecurityPolicy -Path (New-Policy 'shapes.yaml' $script:OneRule)
        $inputs = @(
            @{ Kind = 'Account'; Id = 'hash'; Password = @{ Length = 14 } }
            [pscustomobject]@{ kind = 'Account'; id = 'custom'; password = [pscustomobject]@{ length = '14' } }
            (Import-SecurityInventory -Path $script:Example | Where-Object Id -EQ 'bob@example.com')
        )
        $findings = $inputs | Invoke-SecurityPolicy -Policy $policy
        $findings | ForEach-Object { "$($_.TargetName) $($_.Outcome)" } | Should -Be @('hash Pass', 'custom Pass', 'bob@example.com Fail')
    }

    It 'walks a nested .NET object such as a Test-SmtpServer Connection record' {
        $probe = [SmoTest.ProbeConnection]@{
            Id = 'smtp.example.com:587'; Host = 'smtp.example.com'; Port = 587; Protocol = 'SMTP'; AuthBeforeTls = $false
            Tls = [SmoTest.ProbeTls]@{ Enabled = $true; Version = '1.1'; CertificateValid = $true; CertificateDaysLeft = 9 }
        }
        $findings = $probe | Invoke-SecurityPolicy -AsOf $script:AsOf
        $findings.Count | Should -Be 7
        $findings[0].TargetName | Should -Be 'smtp.example.com:587'
        ($findings | Where-Object Outcome -EQ 'Fail').RuleId | Sort-Object | Should -Be @('SMO-CON-002', 'SMO-CON-004')
        ($findings | Where-Object RuleId -EQ 'SMO-CON-002').Reason | Should -BeLike "'tls.version' is '1.1'; expected in*"
        ($findings | Where-Object RuleId -EQ 'SMO-CON-006').Outcome | Should -Be 'NotApplicable'
    }

    It 'reads Import-Csv objects with dotted property names as nested fields' {
        $csv = Join-Path $script:Tmp 'accounts.csv'
        Set-Content $csv @('id,password.length', 'csv-user,16')
        (Import-Csv $csv | Invoke-SecurityPolicy -Kind Account -Policy (Get-SecurityPolicy -Path (New-Policy 'csv.yaml' $script:OneRule))).Outcome | Should -Be 'Pass'
    }

    It 'gives an Error finding for a field of the wrong type and goes on' {
        $policy = Get-SecurityPolicy -Path (New-Policy 'types.yaml' $script:OneRule)
        $findings = @(
            @{ kind = 'Account'; id = 'bad'; password = @{ length = 'twelve' } }
            @{ kind = 'Account'; id = 'good'; password = @{ length = 20 } }
        ) | Invoke-SecurityPolicy -Policy $policy
        $findings | ForEach-Object { "$($_.TargetName) $($_.Outcome)" } | Should -Be @('bad Error', 'good Pass')
        $findings[0].Reason | Should -BeLike "*'password.length' is 'twelve' (text), not a number*"
    }

    It 'reports an input without a kind as InventoryKindInvalid and goes on' {
        $err = $null
        $findings = @(@{ id = 'nokind' }, @{ kind = 'Device'; id = 'd' }) |
            Invoke-SecurityPolicy -AsOf $script:AsOf -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InventoryKindInvalid,SecureMailOps.Commands.InvokeSecurityPolicyCommand'
        ($findings.TargetName | Sort-Object -Unique) | Should -Be 'd'
    }

    It 'waives a failure before expiry and reports it again after, with a warning' {
        $before = Invoke-SecurityPolicy -Path $script:Example -Waiver $script:Waivers -AsOf '2026-03-30' -WarningVariable w1 -WarningAction SilentlyContinue |
            Where-Object { $_.RuleId -eq 'SMO-CON-002' -and $_.TargetName -eq 'legacy-relay' }
        $before.Outcome | Should -Be 'Waived'
        $w1 | Should -BeNullOrEmpty
        $after = Invoke-SecurityPolicy -Path $script:Example -Waiver $script:Waivers -AsOf '2026-03-31' -WarningVariable w2 -WarningAction SilentlyContinue |
            Where-Object { $_.RuleId -eq 'SMO-CON-002' -and $_.TargetName -eq 'legacy-relay' }
        $after.Outcome | Should -Be 'Fail'
        "$w2" | Should -BeLike '*expired*'
    }

    It 'reports progress while it evaluates a large file, even when no finding is written' {
        # Progress is shown at most every 250 ms, so the file must take longer than that to evaluate.
        $file = Join-Path $script:Tmp 'progress.jsonl'
        $lines = [System.Collections.Generic.List[string]]::new()
        foreach ($i in 0..199999) { $lines.Add('{"kind":"Account","id":"u' + $i + '","type":"user","mfa":{"enabled":true,"methods":["totp"]}}') }
        [IO.File]::WriteAllLines($file, $lines)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-TestModulePath)).AddStatement().
                AddCommand('Invoke-SecurityPolicy').AddParameter('Path', $file).AddParameter('AsOf', $script:AsOf).AddParameter('Outcome', 'Waived')
            $out = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $out.Count | Should -Be 0
            $progress = @($ps.Streams.Progress)
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].StatusDescription | Should -Match '^[\d,]+ records evaluated$'
            $progress[0].PercentComplete | Should -BeIn (0..99)
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'works under Set-StrictMode -Version Latest in a fresh session' {
        $out = Invoke-FreshPwsh "Set-StrictMode -Version Latest; Import-Module '$(Get-TestModulePath)'; (Invoke-SecurityPolicy -Path '$script:Example' -AsOf '2026-06-01' -Outcome Fail | Measure-Object).Count"
        Get-LastFreshExitCode | Should -Be 0 -Because ($out -join "`n")
        $out | Select-Object -Last 1 | Should -Be '25'
    }
}

Describe 'Assert-SecurityPolicy' {
    It 'fails with counts by severity when a failure is at or above -FailOn' {
        $e = { Assert-SecurityPolicy -Path $script:Example -AsOf $script:AsOf -FailOn Critical -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'SecurityPolicyAssertionFailed,SecureMailOps.Commands.AssertSecurityPolicyCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
        $e.Exception.Message | Should -BeLike '*7 finding(s) at or above Critical*Critical: 7, High: 9, Medium: 8, Low: 1, Info: 0.*'
        $e.Exception.Message | Should -BeLike '*SMO-ACC-001*info@example.com*'
        $e.TargetObject['Critical'] | Should -Be 7
    }

    It 'is silent when nothing reaches the threshold' {
        $alice = Import-SecurityInventory -Path $script:Example | Where-Object { $_.Id -like 'alice*' }
        $out = $alice | Assert-SecurityPolicy -AsOf $script:AsOf -FailOn Info
        $out | Should -BeNullOrEmpty
    }

    It 'counts Error findings as failures' {
        $policy = Get-SecurityPolicy -Path (New-Policy 'assert.yaml' $script:OneRule)
        { @{ kind = 'Account'; id = 'x'; password = @{ length = 'long' } } | Assert-SecurityPolicy -Policy $policy -FailOn High } |
            Should -Throw -ErrorId 'SecurityPolicyAssertionFailed,SecureMailOps.Commands.AssertSecurityPolicyCommand'
    }
}

Describe 'Get-SecurityPractice' {
    It 'lists the 17 practices, each covered by a rule, with only cmdlets the module exports' {
        $practices = Get-SecurityPractice
        $practices.Count | Should -Be 17
        $practices.Number | Should -Be (1..17)
        $exported = (Get-Module SecureMailOps).ExportedCmdlets.Keys
        foreach ($p in $practices) {
            $p.Rules.Count | Should -BeGreaterThan 0 -Because "practice $($p.Number) needs a rule"
            foreach ($c in $p.Cmdlets) { $c | Should -BeIn $exported }
        }
        (Get-SecurityPractice -Number 9).Rules | Should -Contain 'SMO-CON-001'
        (Get-SecurityPractice -Number 3).Cmdlets | Should -Contain 'Get-OtpCode'
    }
}
