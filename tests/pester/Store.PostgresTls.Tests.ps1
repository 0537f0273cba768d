# The shared PostgreSQL store over TLS up to sslmode=verify-full: a server certificate from a CA the test
# makes (openssl), for IP:127.0.0.1 only. One TLS server for the file.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/PostgreSql.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    $script:Server = Start-TestPostgres -Tls
    $script:Credential = [pscredential]::new($script:Server.Role, (ConvertTo-SecureString $script:Server.Password -AsPlainText -Force))
    $script:Secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

    function Get-ConnectionString {
        param([string] $HostName, [string] $Extra = '')
        "Host=$HostName;Port=$($script:Server.Port);Database=$($script:Server.Database);Username=$($script:Server.Role);SSL Mode=VerifyFull;$Extra"
    }
}

AfterAll {
    if ($script:Server) { Stop-TestPostgres $script:Server }
}

Describe 'The PostgreSQL store over TLS' {
    It 'verifies through sslmode=verify-full with the test CA as root certificate, over an encrypted session' {
        $cs = Get-ConnectionString -HostName '127.0.0.1' -Extra "Root Certificate=$($script:Server.RootCertificate);Application Name=smo-tls-check"
        $code = (Get-OtpCode -Secret $script:Secret).Code
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'tls-alice' -StoreConnectionString $cs -StoreCredential $script:Credential).Reason | Should -Be 'Valid'
        # The pooled connection stays open: the server itself says it is TLS.
        $env:PGPASSWORD = $script:Server.SuperPassword
        try {
            $ssl = & psql -h 127.0.0.1 -p $script:Server.Port -U postgres -d postgres -At -c "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'smo-tls-check'"
        }
        finally { Remove-Item Env:PGPASSWORD }
        $ssl | Should -Be 't'
    }

    It 'verifies through a postgresql:// URI with sslmode=verify-full and sslrootcert' {
        $uri = "postgresql://$($script:Server.Role)@127.0.0.1:$($script:Server.Port)/$($script:Server.Database)?sslmode=verify-full&sslrootcert=$([uri]::EscapeDataString($script:Server.RootCertificate))"
        $code = (Get-OtpCode -Secret $script:Secret).Code
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'tls-bob' -StoreConnectionString $uri -StoreCredential $script:Credential).Reason | Should -Be 'Valid'
        (Test-OtpCode -Secret $script:Secret -Code $code -AccountId 'tls-bob' -StoreConnectionString $uri -StoreCredential $script:Credential).Reason | Should -Be 'Replayed'
    }

    It 'refuses a host name the certificate was not issued for with StateStoreTlsFailed (SecurityError), never showing the password' {
        $cs = Get-ConnectionString -HostName 'localhost' -Extra "Root Certificate=$($script:Server.RootCertificate)"
        $all = Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'tls-carol' -StoreConnectionString $cs -StoreCredential $script:Credential -ErrorAction Continue -Verbose *>&1
        $err = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'StateStoreTlsFailed,SecureMailOps.Commands.TestOtpCodeCommand'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        ($all | ForEach-Object { $_ | Format-List * -Force | Out-String }) -join "`n" | Should -Not -Match ([regex]::Escape($script:Server.Password))
    }

    It 'refuses the server under verify-full when its CA is not the root certificate' {
        { Test-OtpCode -Secret $script:Secret -Code '000000' -AccountId 'tls-dave' -StoreConnectionString (Get-ConnectionString -HostName '127.0.0.1') -StoreCredential $script:Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'StateStoreTlsFailed,SecureMailOps.Commands.TestOtpCodeCommand'
    }
}
