BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:RfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' # "12345678901234567890", RFC 4226/6238
}

Describe 'Get-OtpCode' {
    It 'matches RFC 6238 Appendix B for SHA1 at <Time>' -ForEach @(
        @{ Time = '1970-01-01T00:00:59Z'; Code = '94287082' }
        @{ Time = '2005-03-18T01:58:29Z'; Code = '07081804' }
        @{ Time = '2033-05-18T03:33:20Z'; Code = '69279037' }
        @{ Time = '2603-10-11T11:33:20Z'; Code = '65353130' }
    ) {
        $result = Get-OtpCode -Secret $script:RfcSecret -Time ([DateTimeOffset]$Time) -Digits 8
        $result.Code | Should -BeExactly $Code
        $result.Code | Should -BeOfType [string]
    }

    It 'accepts a SecureString and pipeline input by property name' {
        $secure = ConvertTo-SecureString $script:RfcSecret -AsPlainText -Force
        (Get-OtpCode -Secret $secure -Hotp -Counter 0).Code | Should -Be '755224'
        ([pscustomobject]@{ Secret = $script:RfcSecret; Counter = 9 } | Get-OtpCode -Hotp).Code | Should -Be '520489'
    }

    It 'reports a bad secret as an error with a stable id that does not echo the secret' {
        $planted = 'ABCDEFGH1JKLMNOP'
        $err = $null
        Get-OtpCode -Secret $planted -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OtpSecretInvalidCharacter,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        ($err[0] | Out-String) | Should -Not -Match $planted
    }

    It 'refuses fewer than 6 digits' {
        { Get-OtpCode -Secret $script:RfcSecret -Digits 5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SecureMailOps.Commands.GetOtpCodeCommand'
    }
}
