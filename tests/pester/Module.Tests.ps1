BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $manifest = Import-PowerShellDataFile (Get-TestModulePath)
    $script:ExportedCmdlets = @($manifest.CmdletsToExport)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    $script:Module = Import-Module $script:ModulePath -Force -PassThru
}

Describe 'The module manifest' {
    It 'exports an explicit list of cmdlets, no wildcards' {
        $manifest = Import-PowerShellDataFile $script:ModulePath
        $manifest.CmdletsToExport | Should -Not -BeNullOrEmpty
        $manifest.CmdletsToExport | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        $manifest.FunctionsToExport.Count | Should -Be 0
    }

    It 'exports exactly the cmdlets the assembly defines' {
        $defined = $script:Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        @($script:Module.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($defined | Sort-Object)
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($name in $script:Module.ExportedCmdlets.Keys) {
            ($name -split '-')[0] | Should -BeIn $approved -Because "$name must use an approved verb"
        }
    }

    It 'claims the PowerShell it is tested on (7.6, Core edition), and this run is on it' {
        $manifest = Import-PowerShellDataFile $script:ModulePath
        [version]$manifest.PowerShellVersion | Should -Be ([version]'7.6')
        @($manifest.CompatiblePSEditions) | Should -Be @('Core')
        $PSVersionTable.PSEdition | Should -Be 'Core'
        '{0}.{1}' -f $PSVersionTable.PSVersion.Major, $PSVersionTable.PSVersion.Minor | Should -Be '7.6' -Because 'the README says the tests run on 7.6'
    }

    It 'ships no analyzer: the SMO rules run at build time only' {
        @(Get-ChildItem (Split-Path $script:ModulePath) -Recurse -Filter 'SecureMailOps.Analyzers*') | Should -BeNullOrEmpty
        @(Get-ChildItem (Split-Path $script:ModulePath) -Recurse -Filter 'Microsoft.CodeAnalysis*') | Should -BeNullOrEmpty
    }

    It 'carries one version in manifest, cmdlet assembly and engine assembly' {
        $version = $script:Module.Version
        $script:Module.ImplementingAssembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
        (Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').GetType().Assembly.GetName().Version.ToString(3) | Should -Be $version.ToString(3)
    }

    It 'has a format view for every output type of every cmdlet' {
        $formatted = Get-FormatData -TypeName '*SecureMailOps*' | ForEach-Object TypeNames
        foreach ($command in Get-Command -Module SecureMailOps) {
            foreach ($type in $command.OutputType.Type | Where-Object { $_ -and $_.FullName -like 'SecureMailOps*' }) {
                $type.FullName | Should -BeIn $formatted -Because "$($command.Name) outputs $($type.FullName)"
            }
        }
    }

    It 'has a format view for every policy type an output shows in a property, and for warnings with an id' {
        # What users see one level down: $record.Provenance (RecordOrigin), $finding.Rule and .Waiver,
        # $policy.Parameters, and the PolicyWarning in the information stream. Dictionaries (RecordMap)
        # have PowerShell's own Name/Value view.
        $formatted = Get-FormatData -TypeName '*SecureMailOps*' | ForEach-Object TypeNames
        $shown = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($command in Get-Command -Module SecureMailOps) {
            foreach ($type in $command.OutputType.Type | Where-Object { $_ -and $_.FullName -like 'SecureMailOps.Core.Policies.*' }) {
                foreach ($property in $type.GetProperties()) {
                    $t = $property.PropertyType
                    foreach ($candidate in @($t) + @($t.GetGenericArguments()) + @(if ($t.IsArray) { $t.GetElementType() })) {
                        if ($candidate.FullName -like 'SecureMailOps.Core.Policies.*' -and $candidate.IsClass -and
                            -not [System.Collections.IDictionary].IsAssignableFrom($candidate)) {
                            $null = $shown.Add($candidate.FullName)
                        }
                    }
                }
            }
        }
        $null = $shown.Add('SecureMailOps.Core.Policies.PolicyWarning')
        $shown | Should -Contain 'SecureMailOps.Core.Policies.RecordOrigin'
        foreach ($name in $shown) { $name | Should -BeIn $formatted -Because "a policy cmdlet's output shows $name" }
    }

    It 'has a format view for every module type any output shows in a property' {
        # One level down from every cmdlet's output, in every namespace (mail, reports, OTP, challenges):
        # $receipt.RejectedRecipients, $report.Tls, $summary.Counts and the like.
        $formatted = Get-FormatData -TypeName '*SecureMailOps*' | ForEach-Object TypeNames
        $shown = [System.Collections.Generic.Dictionary[string, string]]::new()
        foreach ($command in Get-Command -Module SecureMailOps) {
            foreach ($type in $command.OutputType.Type | Where-Object { $_ -and $_.FullName -like 'SecureMailOps.*' }) {
                foreach ($property in $type.GetProperties()) {
                    $t = $property.PropertyType
                    foreach ($candidate in @($t) + @($t.GetGenericArguments()) + @(if ($t.IsArray) { $t.GetElementType() })) {
                        if ($candidate.FullName -like 'SecureMailOps.*' -and $candidate.IsClass -and
                            -not [System.Collections.IDictionary].IsAssignableFrom($candidate)) {
                            $shown[$candidate.FullName] = "$($type.Name).$($property.Name)"
                        }
                    }
                }
            }
        }
        $shown.Keys | Should -Contain 'SecureMailOps.Core.Mail.SmtpRecipientRejection'
        foreach ($name in $shown.Keys) { $name | Should -BeIn $formatted -Because "$($shown[$name]) shows $name" }
    }

    It 'works under Set-StrictMode -Version Latest' {
        $out = Invoke-FreshPwsh "Set-StrictMode -Version Latest; Import-Module '$script:ModulePath'; (Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' -Hotp -Counter 0).Code"
        Get-LastFreshExitCode | Should -Be 0
        $out | Select-Object -Last 1 | Should -Be '755224'
    }
}

Describe 'Dependency isolation' {
    It 'loads the engine and its dependencies into the module''s own load context' {
        $out = Invoke-FreshPwsh @"
Import-Module '$script:ModulePath'
`$engine = (Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').GetType().Assembly
`$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine)
`$alc.GetType().FullName
(`$alc.Assemblies | Where-Object { `$_.GetName().Name -eq 'Otp.NET' }).Count
"@
        Get-LastFreshExitCode | Should -Be 0
        $out[-2] | Should -Be 'SecureMailOps.Hosting.DependencyLoadContext'
        $out[-1] | Should -Be '1'
    }

    It 'works when another YamlDotNet version is already loaded in the session' {
        $older = Join-Path $env:SECUREMAILOPS_TOOL_MODULES '..' 'packages' 'yamldotnet' '11.2.1' 'lib' 'netstandard2.1' 'YamlDotNet.dll'
        Test-Path $older | Should -BeTrue -Because 'build.ps1 restores YamlDotNet 11.2.1 for this test'
        $example = Join-Path $PSScriptRoot '..' '..' 'examples' 'inventory.yaml'
        $out = Invoke-FreshPwsh @"
Add-Type -Path '$older'
`$first = [YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version.Major
Import-Module '$script:ModulePath'
`$code = Get-OtpCode -Secret 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' -Hotp -Counter 1
`$code.Code
`$engine = `$code.GetType().Assembly
`$alc = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine)
`$ours = `$alc.LoadFromAssemblyName([System.Reflection.AssemblyName]::new('YamlDotNet'))
"`$first `$(`$ours.GetName().Version.Major)"
# The policy engine parses YAML with our YamlDotNet 18 while 11 is loaded in the default context.
"policies `$((Get-SecurityPolicy | Measure-Object).Count)"
"failures `$((Invoke-SecurityPolicy -Path '$example' -AsOf '2026-06-01' -Outcome Fail | Measure-Object).Count)"
"@
        Get-LastFreshExitCode | Should -Be 0 -Because ($out -join "`n")
        $out[-4] | Should -Be '287082'
        $out[-3] | Should -Be '11 18'
        $out[-2] | Should -Be 'policies 3'
        $out[-1] | Should -Be 'failures 25'
    }
}

Describe 'Help' {
    It 'ships the about_SecureMailOps topic' {
        $help = Get-Help about_SecureMailOps
        ($help | Out-String) | Should -Match 'AssemblyLoadContext'
    }

    Context '<_>' -ForEach $script:ExportedCmdlets {
        BeforeAll {
            $script:Help = Get-Help $_ -Full
            $script:Command = Get-Command $_
        }

        It 'has a synopsis' {
            $script:Help.Synopsis | Should -Not -BeNullOrEmpty
            $script:Help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s*(\[|$)' -Because 'an auto-generated synopsis is only the syntax'
        }

        It 'has a description' {
            ($script:Help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }

        It 'describes every parameter' {
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($name in $script:Command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $parameterHelp = $script:Help.parameters.parameter | Where-Object Name -EQ $name
                ($parameterHelp.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
            }
        }

        It 'has at least one example with code' {
            @($script:Help.Examples.Example).Count | Should -BeGreaterThan 0
            $script:Help.Examples.Example[0].Code | Should -Not -BeNullOrEmpty
        }
    }
}
