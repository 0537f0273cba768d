# Cross-checks against independent implementations: oathtool (OATH Toolkit), zbarimg (ZBar) and pyotp.
BeforeDiscovery {
    # Random but reproducible cases: secrets, algorithms, digit counts, periods and times up to 2^34 s (year 2514).
    $random = [Random]::new(6238)
    $script:OathCases = foreach ($i in 1..24) {
        $bytes = [byte[]]::new($random.Next(16, 65))
        $random.NextBytes($bytes)
        @{
            Hex       = [Convert]::ToHexString($bytes)
            Algorithm = @('SHA1', 'SHA256', 'SHA512')[$i % 3]
            Digits    = 6 + ($i % 3)
            Period    = @(15, 30, 60, 90)[$i % 4]
            Time      = [long]($random.NextDouble() * [math]::Pow(2, 34))
            Counter   = [long]$random.Next()
        }
    }
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force
    $script:Oathtool = Assert-ExternalTool 'oathtool'
    $script:Zbarimg = Assert-ExternalTool 'zbarimg'
    # pyotp is Debian's python3-pyotp, importable by the system interpreter only.
    $script:Python = if (Test-Path '/usr/bin/python3') { '/usr/bin/python3' } else { Assert-ExternalTool 'python3' }
    $script:HasPyotp = $false
    if ($script:Python) {
        & $script:Python -c 'import pyotp' 2>$null
        $script:HasPyotp = $LASTEXITCODE -eq 0
        if (-not $script:HasPyotp -and $env:CI -eq 'true') { throw 'pyotp is missing; .ci/run must install python3-pyotp.' }
    }

    function ConvertTo-Base32([string] $Hex) {
        $bytes = [Convert]::FromHexString($Hex)
        $alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
        $bits = ($bytes | ForEach-Object { [Convert]::ToString($_, 2).PadLeft(8, '0') }) -join ''
        $bits = $bits.PadRight([math]::Ceiling($bits.Length / 5) * 5, '0')
        -join (0..($bits.Length / 5 - 1) | ForEach-Object { $alphabet[[Convert]::ToInt32($bits.Substring($_ * 5, 5), 2)] })
    }
}

Describe 'Codes agree with oathtool' {
    It 'TOTP <Algorithm>, <Digits> digits, <Period> s at unix time <Time>' -ForEach $script:OathCases {
        if (-not $script:Oathtool) { Set-ItResult -Skipped -Because 'oathtool is not installed'; return }
        # oathtool reads the key as hex here, so the Base32 conversion is checked too.
        $expected = & $script:Oathtool "--totp=$Algorithm" -d $Digits -s "${Period}s" -N "@$Time" $Hex
        $LASTEXITCODE | Should -Be 0
        $code = Get-OtpCode -Secret (ConvertTo-Base32 $Hex) -Algorithm $Algorithm -Digits $Digits -Period $Period -Time ([DateTimeOffset]::FromUnixTimeSeconds($Time))
        $code.Code | Should -BeExactly $expected
        Test-OtpCode -Secret (ConvertTo-Base32 $Hex) -Code $expected -Algorithm $Algorithm -Digits $Digits -Period $Period -Window 0 -Quiet |
            Should -Be ($Time -ge [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - $Period -and $Time -lt [DateTimeOffset]::UtcNow.ToUnixTimeSeconds() + $Period) -Because 'a code for another time is not valid now'
    }

    It 'HOTP <Digits> digits at counter <Counter>' -ForEach ($script:OathCases | Select-Object -First 6) {
        if (-not $script:Oathtool) { Set-ItResult -Skipped -Because 'oathtool is not installed'; return }
        $expected = & $script:Oathtool -d $Digits -c $Counter $Hex
        (Get-OtpCode -Secret (ConvertTo-Base32 $Hex) -Hotp -Counter $Counter -Digits $Digits).Code | Should -BeExactly $expected
        (Test-OtpCode -Secret (ConvertTo-Base32 $Hex) -Code $expected -Hotp -Counter ($Counter - 3) -LookAhead 5 -Digits $Digits).Step | Should -Be $Counter
    }

    It 'matches a whole window of oathtool codes' {
        if (-not $script:Oathtool) { Set-ItResult -Skipped -Because 'oathtool is not installed'; return }
        $secret = (New-OtpSecret).Secret
        $expected = & $script:Oathtool --totp -b -w 49 -N '@4102444800' $secret
        $expected.Count | Should -Be 50
        $start = [DateTimeOffset]::FromUnixTimeSeconds(4102444800)
        $actual = 0..49 | ForEach-Object { (Get-OtpCode -Secret $secret -Time $start.AddSeconds(30 * $_)).Code }
        $actual | Should -Be $expected
    }
}

Describe 'The enrollment QR code' {
    It 'decodes with zbarimg back to exactly the URI for <Issuer> / <Account>' -ForEach @(
        @{ Issuer = 'Contoso Mail'; Account = 'alice@contoso.com'; Algorithm = 'SHA1'; Digits = 6 }
        @{ Issuer = 'ACME & Sons (EU)'; Account = 'björn+ops@acme.example'; Algorithm = 'SHA512'; Digits = 8 }
        @{ Issuer = 'x'; Account = 'a b/c?d=e'; Algorithm = 'SHA256'; Digits = 7 }
    ) {
        if (-not $script:Zbarimg) { Set-ItResult -Skipped -Because 'zbarimg is not installed'; return }
        $png = Join-Path $TestDrive "qr-$([guid]::NewGuid().ToString('N')).png"
        $enrollment = New-OtpEnrollment -Issuer $Issuer -AccountName $Account -Algorithm $Algorithm -Digits $Digits -QrCodePath $png
        $decoded = & $script:Zbarimg -q --raw $png 2>$null
        $LASTEXITCODE | Should -Be 0
        ($decoded -join "`n") | Should -BeExactly $enrollment.Uri
    }

    It 'drawn in the terminal, also decodes with zbarimg back to the URI' {
        if (-not $script:Zbarimg) { Set-ItResult -Skipped -Because 'zbarimg is not installed'; return }
        $out = Invoke-FreshPwsh @"
Import-Module '$script:ModulePath'
`$e = New-OtpEnrollment -Issuer 'Contoso Mail' -AccountName 'alice@contoso.com' -ShowQrCode
'URI=' + `$e.Uri
"@
        Get-LastFreshExitCode | Should -Be 0
        $uri = ($out | Where-Object { "$_" -like 'URI=*' }) -replace '^URI='
        $lines = @($out | ForEach-Object { "$_" } | Where-Object { $_ -match '^[\u2580\u2584\u2588 ]+$' -and $_.Trim() })
        $lines.Count | Should -BeGreaterThan 10
        # Back to pixels: each character is two modules high; blocks are light (dark-terminal rendering).
        $scale = 4
        $width = $lines[0].Length
        $sb = [Text.StringBuilder]::new()
        $null = $sb.AppendLine('P1').AppendLine("$($width * $scale) $($lines.Count * 2 * $scale)")
        foreach ($line in $lines) {
            foreach ($half in 0, 1) {
                $row = foreach ($c in $line.ToCharArray()) {
                    $light = switch ([int]$c) { 0x2588 { $true } 0x2580 { $half -eq 0 } 0x2584 { $half -eq 1 } default { $false } }
                    , ($(if ($light) { '0' } else { '1' })) * $scale
                }
                $text = (@($row | ForEach-Object { $_ }) -join ' ')
                foreach ($n in 1..$scale) { $null = $sb.AppendLine($text) }
            }
        }
        $pbm = Join-Path $TestDrive 'terminal.pbm'
        Set-Content -Path $pbm -Value $sb.ToString() -Encoding ascii
        $decoded = & $script:Zbarimg -q --raw $pbm 2>$null
        ($decoded -join "`n") | Should -BeExactly $uri
    }
}

Describe 'pyotp reads the enrollment' {
    It 'parses the URI (<Algorithm>, <Digits> digits, <Period> s) and computes the same code' -ForEach @(
        @{ Algorithm = 'SHA1'; Digits = 6; Period = 30 }
        @{ Algorithm = 'SHA256'; Digits = 8; Period = 60 }
        @{ Algorithm = 'SHA512'; Digits = 7; Period = 45 }
    ) {
        if (-not $script:HasPyotp) { Set-ItResult -Skipped -Because 'pyotp is not installed'; return }
        $enrollment = New-OtpSecret -Algorithm $Algorithm | New-OtpEnrollment -Issuer 'Contoso Mail' -AccountName 'alice@contoso.com' -Digits $Digits -Period $Period
        $time = 4102444800 + 12345
        $script = 'import pyotp, sys; t = pyotp.parse_uri(sys.argv[1]); print(t.issuer); print(t.name); print(t.at(int(sys.argv[2])))'
        $out = & $script:Python -c $script $enrollment.Uri $time
        $LASTEXITCODE | Should -Be 0
        $out[0] | Should -BeExactly 'Contoso Mail'
        $out[1] | Should -BeExactly 'alice@contoso.com'
        $out[2] | Should -BeExactly (Get-OtpCode -Secret $enrollment.Secret -Algorithm $Algorithm -Digits $Digits -Period $Period -Time ([DateTimeOffset]::FromUnixTimeSeconds($time))).Code
    }
}
