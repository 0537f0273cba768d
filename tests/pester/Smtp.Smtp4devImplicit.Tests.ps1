# Send-SecureMail against smtp4dev over implicit TLS (port-465 style), authentication required, certificate pinned.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    $script:Server = Start-Smtp4dev -TlsMode ImplicitTls -AuthenticationRequired -User 'alice=s3cret'
}

AfterAll {
    if ($script:Server) { Stop-Smtp4dev $script:Server }
}

Describe 'Send-SecureMail over implicit TLS against smtp4dev' {
    It 'probes and delivers with the certificate pinned' {
        $credential = [pscredential]::new('alice', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))
        $smtpProfile = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -TlsMode Implicit -Credential $credential -CertificatePin $script:Server.CertificatePin

        $record = $smtpProfile | Test-SmtpServer
        $record.TlsMode | Should -Be 'Implicit'
        $record.Tls.Enabled | Should -BeTrue
        $record.AuthBeforeTls | Should -BeFalse
        @($record.CapabilitiesBeforeTls).Count | Should -Be 0

        $receipt = Send-SecureMail -Profile $smtpProfile -From 'ops@example.com' -To 'x@example.com' -Subject 'Implicit TLS' -Body 'over 465-style TLS' -PassThru
        $receipt.TlsProtocol | Should -BeIn @('1.2', '1.3')
        $message = @(Wait-Smtp4devMessage -Server $script:Server -Count 1 -Raw)[0]
        $message.subject | Should -Be 'Implicit TLS'
        $message.Raw | Should -Match 'over 465-style TLS'
    }
}
