<#
.SYNOPSIS
    Turns each rule x record of a security policy evaluation into a Pester test: Pass passes, Fail and
    Error fail with the reason and remediation, Waived and NotApplicable are skipped with the reason.
    Get its container with New-SecurityPolicyTestContainer, then Invoke-Pester -Container; the
    results (and Pester's NUnit/JUnit output) then carry the baseline.
#>
param(
    [string[]] $Path,
    [string] $Kind,
    [object[]] $Policy,
    [string[]] $Waiver,
    [hashtable] $Parameter,
    [object] $AsOf
)

BeforeDiscovery {
    if (-not (Get-Module SecureMailOps)) { Import-Module (Join-Path $PSScriptRoot 'SecureMailOps.psd1') }
    $invoke = @{ Path = $Path; WarningAction = 'SilentlyContinue' }
    if ($Kind) { $invoke.Kind = $Kind }
    if ($Policy) { $invoke.Policy = $Policy }
    if ($Waiver) { $invoke.Waiver = $Waiver }
    if ($Parameter) { $invoke.Parameter = $Parameter }
    if ($AsOf) { $invoke.AsOf = $AsOf }
    $policies = Invoke-SecurityPolicy @invoke | Group-Object PolicyName | ForEach-Object {
        @{
            PolicyName = $_.Name
            Rules      = @($_.Group | Group-Object RuleId | ForEach-Object {
                    @{
                        RuleId = $_.Name
                        Title  = $_.Group[0].Title
                        Cases  = @($_.Group | ForEach-Object {
                                @{ Target = "$($_.TargetKind) $($_.TargetName)"; Outcome = "$($_.Outcome)"; Reason = $_.Reason; Remediation = $_.Remediation; Source = $_.TargetSource }
                            })
                    }
                })
        }
    }
}

Describe '<PolicyName>' -ForEach $policies {
    Context '<RuleId> <Title>' -ForEach $Rules {
        It '<Target>' -ForEach $Cases {
            switch ($Outcome) {
                'Pass' { }
                'Fail' { throw "$Reason. Remediation: $Remediation$(if ($Source) { " (record at $Source)" })" }
                'Error' { throw "Cannot evaluate: $Reason$(if ($Source) { " (record at $Source)" })" }
                default { Set-ItResult -Skipped -Because "$Outcome`: $Reason" }
            }
        }
    }
}
