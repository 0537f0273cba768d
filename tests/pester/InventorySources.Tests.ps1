# Issue 16, reading side: -Source, the sources' shapes as the admin modules put them on the pipeline
# (Microsoft.Graph PowerShell SDK objects: PascalCase properties and AdditionalProperties;
# ExchangeOnlineManagement's Get-CASMailbox and Get-TransportConfig), merging per account with provenance.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:AsOf = [DateTimeOffset]'2026-06-01T00:00:00Z'
    $script:Tmp = Join-Path ([IO.Path]::GetTempPath()) ("smo-sources-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Tmp | Out-Null
    $script:Policy = Join-Path $script:Tmp 'rules.yaml'
    Set-Content -LiteralPath $script:Policy -Value @'
apiVersion: securemailops/v1
kind: SecurityPolicy
metadata:
  name: sources
spec:
  rules:
    - id: S-MFA
      title: MFA registered
      severity: high
      practice: 2
      target: Account
      condition: { field: mfa.enabled, equals: true }
      remediation: register MFA
    - id: S-SMTP
      title: SMTP AUTH off
      severity: high
      practice: 9
      target: Account
      condition: { field: mail.smtpAuthEnabled, equals: false }
      remediation: turn SMTP AUTH off
    - id: S-PWD
      title: long password
      severity: low
      practice: 1
      target: Account
      condition: { field: password.length, greaterOrEquals: 12 }
      remediation: use a longer password
'@
    $script:Entra = Join-Path $script:Tmp 'entra.jsonl'
    Set-Content -LiteralPath $script:Entra -Value @(
        '{"userPrincipalName":"ana@contoso.com","isMfaRegistered":true,"isAdmin":false}',
        '{"userPrincipalName":"ben@contoso.com","isMfaRegistered":false,"isAdmin":true}')
    $script:Cas = Join-Path $script:Tmp 'cas.csv'
    Set-Content -LiteralPath $script:Cas -Value @(
        'PrimarySmtpAddress,SmtpClientAuthenticationDisabled,PopEnabled,ImapEnabled',
        'ana@contoso.com,True,False,False',
        'ben@contoso.com,False,True,True')
    # A file no shape matches: only -Source makes it a mailbox export.
    $script:Bare = Join-Path $script:Tmp 'bare.json'
    Set-Content -LiteralPath $script:Bare -Value '[{"PrimarySmtpAddress":"ana@contoso.com","SmtpClientAuthenticationDisabled":false}]'
}

AfterAll {
    Remove-Item -LiteralPath $script:Tmp -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '-Source' {
    It 'reads a file as the named source on all three cmdlets' {
        $record = Import-SecurityInventory -Path $script:Bare -Source ExchangeOnlineMailbox
        $record.Fields['inventorySource'] | Should -Be 'ExchangeOnlineMailbox'
        $record.Fields['mail']['smtpAuthEnabled'] | Should -BeTrue
        $finding = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Bare -Source ExchangeOnlineMailbox -AsOf $script:AsOf | Where-Object RuleId -eq 'S-SMTP'
        $finding.Outcome | Should -Be 'Fail'
        { Assert-SecurityPolicy -Policy $script:Policy -Path $script:Bare -Source ExchangeOnlineMailbox -FailOn High -AsOf $script:AsOf -ErrorAction Stop } |
            Should -Throw -ErrorId 'SecurityPolicyAssertionFailed*'
    }

    It 'without it, a file of no known shape is an error listing the sources' {
        $null = Import-SecurityInventory -Path $script:Bare -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryKindInvalid*'
        $errs[0].Exception.Message | Should -Match 'EntraRegistration, IntuneDevices, GoogleWorkspaceUsers, ExchangeOnlineMailbox'
    }

    It 'takes one name per -Path entry, and a count mismatch is a clear error' {
        $findings = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Entra, $script:Bare -Source EntraRegistration, ExchangeOnlineMailbox -AsOf $script:AsOf
        ($findings | Where-Object { $_.RuleId -eq 'S-SMTP' -and $_.TargetName -eq 'ana@contoso.com' }).Outcome | Should -Be 'Fail'
        $null = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Entra, $script:Bare, $script:Cas -Source EntraRegistration, ExchangeOnlineMailbox -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventorySourceInvalid*'
        $errs[0].Exception.Message | Should -Match '-Source has 2 names for 3 -Path entries'
    }

    It 'refuses an unknown name at binding, naming the sources, and tab-completes the names' {
        { Import-SecurityInventory -Path $script:Bare -Source Okta -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        try { Import-SecurityInventory -Path $script:Bare -Source Okta -ErrorAction Stop } catch { $_.Exception.Message | Should -Match 'EntraRegistrationCsv' }
        $line = 'Invoke-SecurityPolicy -Source Exch'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Be @('ExchangeOnlineMailbox', 'ExchangeOnlineTransportConfig')
    }
}

Describe 'Objects from the admin modules, merged per account' {
    BeforeAll {
        # Shaped like Get-MgReportAuthenticationMethodUserRegistrationDetail's objects (Microsoft.Graph.Reports):
        # PascalCase properties, unmodelled ones in AdditionalProperties.
        $script:Graph = @(
            [pscustomobject]@{ Id = 'o-1'; UserPrincipalName = 'Ana@contoso.com'; IsAdmin = $false; IsMfaRegistered = $true; IsMfaCapable = $true
                MethodsRegistered = @('microsoftAuthenticatorPush'); UserType = 'member'; AdditionalProperties = @{ isSsprEnabled = $true } },
            [pscustomobject]@{ Id = 'o-2'; UserPrincipalName = 'ben@contoso.com'; IsAdmin = $true; IsMfaRegistered = $false; IsMfaCapable = $false
                MethodsRegistered = @(); UserType = 'member'; AdditionalProperties = @{} })
        # Shaped like ExchangeOnlineManagement's Get-CASMailbox and Get-TransportConfig output.
        $script:Mailboxes = @(
            [pscustomobject]@{ Name = 'ana'; PrimarySmtpAddress = 'ana@contoso.com'; SmtpClientAuthenticationDisabled = $true
                PopEnabled = $false; ImapEnabled = $false; ActiveSyncEnabled = $true; MAPIEnabled = $true; OWAEnabled = $true; EwsEnabled = $true },
            [pscustomobject]@{ Name = 'ben'; PrimarySmtpAddress = 'ben@contoso.com'; SmtpClientAuthenticationDisabled = $null
                PopEnabled = $true; ImapEnabled = $true; ActiveSyncEnabled = $true; MAPIEnabled = $true; OWAEnabled = $true; EwsEnabled = $true })
        $script:Transport = [pscustomobject]@{ Identity = 'Transport Settings'; SmtpClientAuthenticationDisabled = $false; MaxSendSize = '35 MB (36,700,160 bytes)' }
    }

    It 'merges Graph SDK objects, CAS mailboxes and the transport config into one record per user' {
        $findings = @($script:Graph) + @($script:Mailboxes) + @($script:Transport) | Invoke-SecurityPolicy -Policy $script:Policy -AsOf $script:AsOf
        @($findings.TargetName | Sort-Object -Unique) | Should -Be @('Ana@contoso.com', 'ben@contoso.com')
        $findings.Count | Should -Be 6
        $benSmtp = $findings | Where-Object { $_.RuleId -eq 'S-SMTP' -and $_.TargetName -eq 'ben@contoso.com' }
        $benSmtp.Outcome | Should -Be 'Fail'
        $benSmtp.TargetSource | Should -Be 'input #5'
        $benSmtp.Provenance | Should -Be 'mail.smtpAuthEnabled: ExchangeOnlineTransportConfig (input #5)'
        $benMfa = $findings | Where-Object { $_.RuleId -eq 'S-MFA' -and $_.TargetName -eq 'ben@contoso.com' }
        $benMfa.Outcome | Should -Be 'Fail'
        $benMfa.TargetSource | Should -Be 'input #2'
        $password = $findings | Where-Object { $_.RuleId -eq 'S-PWD' -and $_.TargetName -eq 'Ana@contoso.com' }
        $password.Outcome | Should -Be 'NotApplicable'
        $password.Reason | Should -Be 'not applicable: EntraRegistration and ExchangeOnlineMailbox do not carry password.length'
        # Ben's mailbox inherited the transport config's value, so it is one of his sources too.
        ($findings | Where-Object { $_.RuleId -eq 'S-PWD' -and $_.TargetName -eq 'ben@contoso.com' }).Reason |
            Should -Be 'not applicable: EntraRegistration and ExchangeOnlineMailbox and ExchangeOnlineTransportConfig do not carry password.length'
    }

    It 'reads Get-MgDeviceManagementManagedDevice objects (PascalCase properties) as IntuneDevices' {
        # Shaped like Microsoft.Graph.DeviceManagement's managedDevice objects.
        $devicePolicy = Join-Path $script:Tmp 'devices.yaml'
        Set-Content -LiteralPath $devicePolicy -Value @'
apiVersion: securemailops/v1
kind: SecurityPolicy
metadata:
  name: devices
spec:
  rules:
    - id: D-COMPLIANT
      title: compliant
      severity: high
      practice: 7
      target: Device
      condition: { field: compliant, equals: true }
      remediation: make it compliant
    - id: D-ENCRYPTED
      title: encrypted
      severity: high
      practice: 7
      target: Device
      condition: { field: diskEncryption, equals: true }
      remediation: encrypt it
'@
        $devices = @(
            [pscustomobject]@{ Id = 'd-1'; DeviceName = 'LAPTOP-ANA'; UserPrincipalName = 'ana@contoso.com'; OperatingSystem = 'Windows'; OsVersion = '10.0.22631.3447'
                ComplianceState = 'noncompliant'; IsEncrypted = $false; JailBroken = 'False'; LastSyncDateTime = [datetime]'2026-05-30T08:00:00Z'
                PartnerReportedThreatState = 'unknown'; ManagedDeviceOwnerType = 'company'; AdditionalProperties = @{} },
            [pscustomobject]@{ Id = 'd-2'; DeviceName = 'PHONE-BEN'; UserPrincipalName = 'ben@contoso.com'; OperatingSystem = 'iOS'; OsVersion = '17.4'
                ComplianceState = 'compliant'; IsEncrypted = $true; JailBroken = 'False'; LastSyncDateTime = [datetime]'2026-05-31T08:00:00Z'
                PartnerReportedThreatState = 'secured'; ManagedDeviceOwnerType = 'personal'; AdditionalProperties = @{} })
        $findings = @($devices | Invoke-SecurityPolicy -Policy $devicePolicy -AsOf $script:AsOf)
        $findings.Count | Should -Be 4
        @($findings | Where-Object Outcome -EQ 'Fail' | ForEach-Object { "$($_.RuleId) $($_.TargetName)" }) | Should -Be @('D-COMPLIANT LAPTOP-ANA', 'D-ENCRYPTED LAPTOP-ANA')
        @($findings | Where-Object TargetName -EQ 'PHONE-BEN' | ForEach-Object Outcome) | Should -Be @('Pass', 'Pass')
        $findings[0].TargetKind | Should -Be 'Device'
        $findings[0].TargetInventorySources | Should -Be 'IntuneDevices'
        $findings[0].TargetSource | Should -Be 'input #1'
    }

    It 'merges several Import-SecurityInventory outputs piped together, with file and line provenance' {
        $findings = @(Import-SecurityInventory -Path $script:Entra) + @(Import-SecurityInventory -Path $script:Cas) |
            Invoke-SecurityPolicy -Policy $script:Policy -AsOf $script:AsOf
        $findings.Count | Should -Be 6
        $smtp = $findings | Where-Object { $_.RuleId -eq 'S-SMTP' -and $_.TargetName -eq 'ben@contoso.com' }
        $smtp.Outcome | Should -Be 'Fail'
        $smtp.TargetSource | Should -Be "$($script:Cas):3"
        ($findings | Where-Object { $_.RuleId -eq 'S-MFA' -and $_.TargetName -eq 'ben@contoso.com' }).TargetSource | Should -Be "$($script:Entra):2"
    }

    It 'warns, with a stable id, about a value two sources disagree on' {
        $google = Join-Path $script:Tmp 'gam.csv'
        Set-Content -LiteralPath $google -Value @(
            'primaryEmail,isEnrolledIn2Sv,isEnforcedIn2Sv,isAdmin,isDelegatedAdmin,suspended,archived,lastLoginTime',
            'ana@contoso.com,False,False,False,False,False,False,2026-05-01T00:00:00.000Z')
        $null = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Entra, $google -AsOf $script:AsOf -WarningVariable warned -WarningAction SilentlyContinue
        $conflict = @($warned | Where-Object { $_.Message -like 'InventoryFieldConflict:*' })
        $conflict.Count | Should -BeGreaterThan 0
        $conflict[0].Message | Should -Match 'mfa\.enabled is true in EntraRegistration \(.*entra\.jsonl:1\) but false in GoogleWorkspaceUsers \(.*gam\.csv:2\)'
    }

    It 'gives each conflict warning a machine-readable twin: an InformationRecord tagged with the id, its MessageData the warning' {
        $google = Join-Path $script:Tmp 'gam-info.csv'
        Set-Content -LiteralPath $google -Value @(
            'primaryEmail,isEnrolledIn2Sv,isEnforcedIn2Sv,isAdmin,isDelegatedAdmin,suspended,archived,lastLoginTime',
            'ana@contoso.com,False,False,False,False,False,False,2026-05-01T00:00:00.000Z')
        $null = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Entra, $google -AsOf $script:AsOf `
            -WarningVariable warned -WarningAction SilentlyContinue -InformationVariable info
        $tagged = @($info | Where-Object { $_.Tags -contains 'InventoryFieldConflict' })
        $tagged.Count | Should -BeGreaterThan 0
        $tagged.Count | Should -Be @($warned | Where-Object { $_.Message -like 'InventoryFieldConflict:*' }).Count
        $tagged[0].Tags | Should -Be @('SecureMailOps', 'Warning', 'InventoryFieldConflict')
        $tagged[0].MessageData.Id | Should -Be 'InventoryFieldConflict'
        $tagged[0].MessageData.GetType().FullName | Should -Be 'SecureMailOps.Core.Policies.PolicyWarning'
        $tagged[0].MessageData.Message | Should -Be $warned[0].Message
    }

    It 'streams one source file on its own, as before' {
        $findings = Invoke-SecurityPolicy -Policy $script:Policy -Path $script:Entra -AsOf $script:AsOf
        ($findings | Where-Object RuleId -eq 'S-MFA').TargetSource | Should -Be @("$($script:Entra):1", "$($script:Entra):2")
        ($findings | Where-Object RuleId -eq 'S-SMTP').Reason | Should -Be @('not applicable: EntraRegistration does not carry mail.smtpAuthEnabled', 'not applicable: EntraRegistration does not carry mail.smtpAuthEnabled')
    }
}

Describe 'Microsoft Graph pages saved in a folder (@odata.nextLink chains)' {
    BeforeAll {
        # Pages of GET /reports/authenticationMethods/userRegistrationDetails as a paging loop saves them: one
        # response per file, each with @odata.nextLink but the last.
        $script:Context = 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails'
        function New-Page([string] $Folder, [string] $Name, [string[]] $Users, [switch] $Last) {
            New-Item -ItemType Directory -Path $Folder -Force | Out-Null
            $records = ($Users | ForEach-Object { '{"userPrincipalName":"' + $_ + '","isMfaRegistered":true,"isAdmin":false}' }) -join ",`n"
            $link = if ($Last) { '' } else { '"@odata.nextLink":"https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=' + $Name + '",' }
            Set-Content -LiteralPath (Join-Path $Folder $Name) -Value ('{"@odata.context":"' + $script:Context + '",' + $link + "`"value`":[`n" + $records + "`n]}")
        }
    }

    It 'reads every page of a folder in page order, whatever order the folder lists them in' {
        $folder = Join-Path $script:Tmp 'pages-whole'
        # Written last page first; by name, page-10 sorts before page-9 ordinally, after it naturally.
        New-Page $folder 'page-10.json' 'e@contoso.com' -Last
        New-Page $folder 'page-9.json' 'c@contoso.com', 'd@contoso.com'
        New-Page $folder 'page-8.json' 'a@contoso.com', 'b@contoso.com'
        $records = @(Import-SecurityInventory -Path $folder -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $records.Id | Should -Be @('a@contoso.com', 'b@contoso.com', 'c@contoso.com', 'd@contoso.com', 'e@contoso.com')
        $records[4].Source | Should -Be "$(Join-Path $folder 'page-10.json'):2"
        $findings = @(Invoke-SecurityPolicy -Policy $script:Policy -Path $folder -AsOf $script:AsOf -ErrorVariable evalErrs)
        $evalErrs | Should -BeNullOrEmpty
        @($findings | Where-Object RuleId -eq 'S-MFA').Count | Should -Be 5
    }

    It 'accepts pages whose names carry no page number, the last page listed first' {
        $folder = Join-Path $script:Tmp 'pages-unnumbered'
        New-Page $folder 'a.json' 'z@contoso.com' -Last
        New-Page $folder 'b.json' 'x@contoso.com'
        New-Page $folder 'c.json' 'y@contoso.com'
        $records = @(Import-SecurityInventory -Path $folder -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        @($records.Id | Sort-Object) | Should -Be @('x@contoso.com', 'y@contoso.com', 'z@contoso.com')
    }

    It 'is a clear error naming the file when the last page is missing' {
        $folder = Join-Path $script:Tmp 'pages-no-last'
        New-Page $folder 'page-1.json' 'a@contoso.com'
        New-Page $folder 'page-2.json' 'b@contoso.com'
        $records = @(Import-SecurityInventory -Path $folder -ErrorVariable errs -ErrorAction SilentlyContinue)
        $records.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
        $errs[0].Exception.Message | Should -BeLike "$($folder): the last page of reports/authenticationMethods/userRegistrationDetails is missing:*the last file by name, page-2.json, links to https://graph.microsoft.com/*skiptoken=page-2.json*"
        $null = Invoke-SecurityPolicy -Policy $script:Policy -Path $folder -AsOf $script:AsOf -ErrorVariable evalErrs -ErrorAction SilentlyContinue
        $evalErrs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
    }

    It 'is a clear error naming the files around a numbered page that is missing' {
        $folder = Join-Path $script:Tmp 'pages-gap'
        New-Page $folder 'page-1.json' 'a@contoso.com'
        New-Page $folder 'page-3.json' 'c@contoso.com' -Last
        $null = Import-SecurityInventory -Path $folder -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
        $errs[0].Exception.Message | Should -Be "$($folder): page 2 of reports/authenticationMethods/userRegistrationDetails is missing: page-1.json is followed by page-3.json."
    }

    It 'is an error when two pages end a response: two exports in one folder' {
        $folder = Join-Path $script:Tmp 'pages-two'
        New-Page $folder 'monday.json' 'a@contoso.com' -Last
        New-Page $folder 'tuesday.json' 'a@contoso.com' -Last
        $null = Import-SecurityInventory -Path $folder -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageChainMixed,*'
        $errs[0].Exception.Message | Should -BeLike '*monday.json and tuesday.json each end a response*'
    }

    It 'is a clear error naming the file when a page given on its own links to more pages' {
        # The module does not fetch pages: a page with @odata.nextLink named without the rest is an incomplete
        # export, as a folder whose every page has one is.
        $folder = Join-Path $script:Tmp 'page-alone'
        New-Page $folder 'page-1.json' 'a@contoso.com', 'b@contoso.com'
        $file = Join-Path $folder 'page-1.json'
        $records = @(Import-SecurityInventory -Path $file -ErrorVariable errs -ErrorAction SilentlyContinue)
        $records.Count | Should -Be 2
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be $file
        $errs[0].Exception.Message | Should -BeLike "$($file): the last page of reports/authenticationMethods/userRegistrationDetails is missing: the file has an @odata.nextLink, so the response continues at https://graph.microsoft.com/*skiptoken=page-1.json, and no file given ends it.*"
        $findings = @(Invoke-SecurityPolicy -Policy $script:Policy -Path $file -AsOf $script:AsOf -ErrorVariable evalErrs -ErrorAction SilentlyContinue)
        @($findings | Where-Object RuleId -eq 'S-MFA').Count | Should -Be 2
        $evalErrs.Count | Should -Be 1
        $evalErrs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
        $null = Assert-SecurityPolicy -Policy $script:Policy -Path $file -AsOf $script:AsOf -FailOn Critical -ErrorVariable assertErrs -ErrorAction SilentlyContinue
        @($assertErrs | Where-Object FullyQualifiedErrorId -like 'InventoryPageMissing,*').Count | Should -Be 1
    }

    It 'accepts pages named file by file when one of them ends the response, and two whole responses named so' {
        $folder = Join-Path $script:Tmp 'pages-named'
        New-Page $folder 'p1.json' 'a@contoso.com'
        New-Page $folder 'p2.json' 'b@contoso.com' -Last
        New-Page $folder 'tenant-a.json' 'c@contoso.com' -Last
        New-Page $folder 'tenant-b.json' 'd@contoso.com' -Last
        $records = @(Import-SecurityInventory -Path (Join-Path $folder 'p1.json'), (Join-Path $folder 'p2.json') -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $records.Count | Should -Be 2
        $null = Import-SecurityInventory -Path (Join-Path $folder 'tenant-a.json'), (Join-Path $folder 'tenant-b.json') -ErrorVariable errs2
        $errs2 | Should -BeNullOrEmpty
        $null = Import-SecurityInventory -Path (Join-Path $folder 'tenant-a.json') -ErrorVariable errs3
        $errs3 | Should -BeNullOrEmpty
        # Piped in one at a time, as Get-ChildItem gives them: checked together once the pipeline ends.
        $piped = @(Get-ChildItem -LiteralPath (Join-Path $folder 'p1.json'), (Join-Path $folder 'p2.json') | Import-SecurityInventory -ErrorVariable errs4)
        $errs4 | Should -BeNullOrEmpty
        $piped.Count | Should -Be 2
        $null = Get-Item -LiteralPath (Join-Path $folder 'p1.json') | Import-SecurityInventory -ErrorVariable errs5 -ErrorAction SilentlyContinue
        $errs5.Count | Should -Be 1
        $errs5[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
    }

    It 'names the files of a chain given file by file that none ends (the first five), and the last one''s link' {
        $folder = Join-Path $script:Tmp 'pages-named-open'
        New-Page $folder 'q1.json' 'a@contoso.com'
        New-Page $folder 'q2.json' 'b@contoso.com'
        $null = Import-SecurityInventory -Path (Join-Path $folder 'q*.json') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPageMissing,*'
        $errs[0].Exception.Message | Should -BeLike "*each of the 2 files given (q1.json, q2.json) has an @odata.nextLink*the last by name, q2.json, links to https://graph.microsoft.com/*skiptoken=q2.json.*"
        foreach ($n in 3..12) { New-Page $folder "q$n.json" "u$n@contoso.com" }
        $null = Import-SecurityInventory -Path (Join-Path $folder 'q*.json') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -BeLike "*each of the 12 files given (q1.json, q2.json, q3.json, q4.json, q5.json, ...) has an @odata.nextLink*the last by name, q12.json, links to*skiptoken=q12.json.*"
    }

    It 'is an error for a folder with no inventory file' {
        $folder = Join-Path $script:Tmp 'pages-empty'
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value 'nothing here'
        $null = Import-SecurityInventory -Path $folder -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InventoryPathNotFound,*'
    }
}
