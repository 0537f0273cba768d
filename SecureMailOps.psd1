#
# Module manifest for SecureMailOps. build.ps1 fills {{ModuleVersion}} from Directory.Build.props,
# so the assembly, this manifest and the package always carry one version.
#
@{
    RootModule             = 'SecureMailOps.dll'
    ModuleVersion          = '{{ModuleVersion}}'
    # What is tested: PowerShell 7.6 (LTS), Core edition; CI runs every test on 7.6.9. The assemblies target
    # netstandard2.0 and the module has a Windows PowerShell 5.1 loading path, but 5.1 cannot run on the
    # machines this is built and tested on, so the Desktop edition is not claimed (README, "Supported PowerShell").
    CompatiblePSEditions   = @('Core')
    GUID                   = '5b0c5f3e-6f0e-4c43-9d7a-3c1f4f6e2a71'
    Author                 = 'SecureMailOps contributors'
    CompanyName            = 'SecureMailOps'
    Copyright              = '(c) SecureMailOps contributors. MIT licence.'
    Description            = 'Send mail only over verified TLS, issue and verify one-time passwords (TOTP/HOTP, backup codes, emailed challenges), and audit mail accounts, devices and connections against YAML security policies.'
    PowerShellVersion      = '7.6'
    # Explicit list: no wildcards, so import is fast and the public surface is reviewed.
    CmdletsToExport        = @(
        'Assert-SecurityPolicy'
        'Clear-OtpActivity'
        'Clear-OtpChallenge'
        'Confirm-OtpChallenge'
        'Export-SecurityReport'
        'Get-OtpActivity'
        'Get-OtpCode'
        'Get-SecurityPolicy'
        'Get-SecurityPractice'
        'Import-SecurityInventory'
        'Invoke-SecurityPolicy'
        'New-OtpBackupCode'
        'New-OtpEnrollment'
        'New-OtpSecret'
        'New-SecurityPolicyTestContainer'
        'New-SmtpProfile'
        'Send-OtpChallenge'
        'Send-SecureMail'
        'Send-SecurityReport'
        'Test-OtpBackupCode'
        'Test-OtpCode'
        'Test-SmtpServer'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    FormatsToProcess       = @(
        'SecureMailOps.Otp.Format.ps1xml'
        'SecureMailOps.Challenge.Format.ps1xml'
        'SecureMailOps.Mail.Format.ps1xml'
        'SecureMailOps.Policies.Format.ps1xml'
        'SecureMailOps.Reports.Format.ps1xml'
    )
    PrivateData            = @{
        PSData = @{
            Tags         = @('SMTP', 'TLS', 'MailKit', 'OTP', 'TOTP', 'HOTP', '2FA', 'MFA', 'Policy', 'Security', 'Audit')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See the README for what each release adds.'
        }
    }
}
