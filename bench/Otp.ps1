<#
.SYNOPSIS
    End-to-end OTP timings through the built module: what one cmdlet call costs, including the
    SQLite transaction of a stateful check. Engine-level numbers come from BenchmarkDotNet
    (bench/SecureMailOps.Benchmarks/Otp); this shows the cost a script sees.
#>
param([Parameter(Mandatory)][string] $ModulePath, [int] $Count = 200)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$secret = (New-OtpSecret).Secret
$store = Join-Path ([IO.Path]::GetTempPath()) ("securemailops-bench-{0}.db" -f [guid]::NewGuid().ToString('N'))
try {
    $code = (Get-OtpCode -Secret $secret).Code
    # Warm up: first calls pay for JIT and for creating the store.
    $null = Get-OtpCode -Secret $secret
    $null = Test-OtpCode -Secret $secret -Code $code
    $null = Test-OtpCode -Secret $secret -Code $code -AccountId 'warm-up' -StorePath $store

    $results = [ordered]@{}
    $results['Get-OtpCode'] = Measure-Command { foreach ($i in 1..$Count) { $null = Get-OtpCode -Secret $secret } }
    $results['Test-OtpCode (stateless)'] = Measure-Command { foreach ($i in 1..$Count) { $null = Test-OtpCode -Secret $secret -Code $code } }
    $results['Test-OtpCode -AccountId (SQLite, one transaction)'] = Measure-Command {
        foreach ($i in 1..$Count) { $null = Test-OtpCode -Secret $secret -Code $code -AccountId "account-$i" -StorePath $store }
    }
    $results['Test-OtpCode -AccountId, 200 piped in one call'] = Measure-Command {
        1..$Count | ForEach-Object { [pscustomobject]@{ Secret = $secret; Code = '000000'; AccountId = "piped-$_" } } |
            Test-OtpCode -StorePath $store | Out-Null
    }
    foreach ($name in $results.Keys) {
        '{0,-52} {1,8:N3} ms per call' -f $name, ($results[$name].TotalMilliseconds / $Count)
    }
}
finally {
    foreach ($suffix in '', '-wal', '-shm') { Remove-Item -LiteralPath ($store + $suffix) -ErrorAction SilentlyContinue }
}
