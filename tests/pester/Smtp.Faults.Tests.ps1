# Send-SecureMail and Test-SmtpServer against loopback servers that misbehave on purpose (the scripted server in
# tests/SecureMailOps.TestSmtpServer, run as a process): error ids and categories at the cmdlet surface, and
# planted secrets searched for in every stream, the receipts and the protocol log.
# Every fault is also tested against the engine in xunit (tests/SecureMailOps.Core.Tests/Mail).
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module "$PSScriptRoot/../../build/TestSmtpServer.psm1" -Force
    $script:Password = 'Pl4nted-Pester-Passw0rd-5521'
    $script:Credential = [pscredential]::new('alice', (ConvertTo-SecureString $script:Password -AsPlainText -Force))
    $script:Servers = [System.Collections.Generic.List[object]]::new()

    function New-FaultServer([string[]] $Arguments) {
        $server = Start-TestSmtpServer -Arguments (@('--credentials', "alice:$($script:Password)") + $Arguments)
        $script:Servers.Add($server)
        return $server
    }

    function Send-Test {
        [CmdletBinding()]
        param($Server, [hashtable] $Extra = @{})
        $params = @{ Server = 'localhost'; Port = $Server.Port; Credential = $script:Credential; CertificatePin = $Server.Pin; TimeoutSeconds = 5
            From = 'ops@example.com'; To = 'rcpt@example.com'; Subject = 'Fault test'; Body = 'body' }
        foreach ($key in $Extra.Keys) { $params[$key] = $Extra[$key] }
        Send-SecureMail @params
    }
}

AfterAll {
    $script:Servers | ForEach-Object { Stop-TestSmtpServer $_ }
}

Describe 'Send-SecureMail error handling against misbehaving servers' {
    It 'stops with SmtpAuthenticationFailed on 535' {
        $server = New-FaultServer @()
        $wrong = [pscredential]::new('alice', (ConvertTo-SecureString 'Wr0ng-Planted-Secret' -AsPlainText -Force))
        $err = { Send-Test $server @{ Credential = $wrong } } | Should -Throw -ErrorId 'SmtpAuthenticationFailed,SecureMailOps.Commands.SendSecureMailCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match 'Wr0ng-Planted-Secret'
    }

    It 'stops with SmtpStartTlsNotOffered when STARTTLS is missing' {
        $server = New-FaultServer @('--tls', 'NoStartTls', '--auth-before-tls')
        $err = { Send-Test $server } | Should -Throw -ErrorId 'SmtpStartTlsNotOffered,SecureMailOps.Commands.SendSecureMailCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'stops with SmtpTlsVersionTooLow when the server is below -MinimumTlsVersion' {
        $server = New-FaultServer @('--tls12-only')
        { Send-Test $server @{ MinimumTlsVersion = 'Tls13' } } | Should -Throw -ErrorId 'SmtpTlsVersionTooLow,SecureMailOps.Commands.SendSecureMailCommand'
    }

    It 'reports a 550 recipient as one non-terminating SmtpPartiallyDelivered error and still delivers to the others' {
        $server = New-FaultServer @('--fault', 'RejectRecipient550')
        $err = $null
        $receipt = Send-Test $server @{ To = 'one@example.com', 'bad@example.com', 'two@example.com'; PassThru = $true } -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpPartiallyDelivered,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].TargetObject | Should -Be 'bad@example.com'
        $err[0].Exception.Message | Should -Match 'bad@example\.com \(550'
        $err[0].Exception.Message | Should -Not -Match 'not to:.*one@example'
        $receipt.Status | Should -Be 'PartiallyDelivered'
        @($receipt.AcceptedRecipients) | Should -Be @('one@example.com', 'two@example.com')
        @($receipt.RejectedRecipients | ForEach-Object Address) | Should -Be @('bad@example.com')
    }

    It 'refuses an address entry that holds several mailboxes or a smuggled header, and sends nothing' {
        $server = New-FaultServer @()
        foreach ($entry in "a@example.com`r`nBcc: evil@example.net", 'a@example.com, b@example.com') {
            $err = $null
            Send-Test $server @{ To = $entry; PassThru = $true } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'SmtpAddressInvalid,SecureMailOps.Commands.SendSecureMailCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $entry
        }
    }

    It 'retries a 451 at the end of DATA and says so on the verbose stream' {
        $server = New-FaultServer @('--fault', 'DataEnd451', '--fault-count', '1')
        $verbose = Send-Test $server @{ PassThru = $true } -Verbose 4>&1
        $receipt = $verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $receipt.Attempts | Should -Be 2
        (@($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | ForEach-Object Message) -join "`n" | Should -Match 'SmtpTransientFailure'
    }

    It 'reports SmtpDeliveryUnknown when the connection drops after the final dot, without resending' {
        $server = New-FaultServer @('--fault', 'DropAfterDot', '--fault-count', '1')
        $err = $null
        Send-Test $server @{ PassThru = $true } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpDeliveryUnknown,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationStopped'
    }

    It 'honours -TimeoutSeconds against a server that stops answering' {
        $server = New-FaultServer @('--fault', 'StopAnswering')
        $err = $null
        Send-Test $server @{ TimeoutSeconds = 2 } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpTimeout,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'stops at once when the pipeline is stopped (Ctrl+C) while the server does not answer' {
        $server = New-FaultServer @('--fault', 'StopAnswering')
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-TestModulePath)).AddStatement().
                AddCommand('Send-SecureMail').AddParameters(@{
                    Server = 'localhost'; Port = $server.Port; Credential = $script:Credential; CertificatePin = $server.Pin
                    From = 'ops@example.com'; To = 'rcpt@example.com'; Subject = 'Stop test'; Body = 'body'
                    TimeoutSeconds = 300; MaxRetries = 0; Verbose = $true })
            $null = $ps.BeginInvoke()
            # Wait until the client has authenticated: its next command, MAIL FROM, is never answered.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($ps.InvocationStateInfo.State -eq 'Running' -and [DateTime]::UtcNow -lt $deadline -and -not @($ps.Streams.Verbose | Where-Object { $_.Message -like 'Authenticated as*' })) {
                Start-Sleep -Milliseconds 100
            }
            Start-Sleep -Milliseconds 500
            $ps.InvocationStateInfo.State | Should -Be 'Running' -Because 'the send must still be waiting on the server'
            # A hang guard, not a speed measure: stopping must not wait for the 300-second timeout.
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'Stop() must cancel the send, not wait for its timeout'
            $ps.EndStop($stop)
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @($ps.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -like 'SmtpTimeout*' }).Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'reports a refused connection after retrying' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = $null
        Send-SecureMail -Server 127.0.0.1 -Port $port -From 'ops@example.com' -To 'a@example.com' -Subject 'x' -MaxRetries 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpConnectFailed,SecureMailOps.Commands.SendSecureMailCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Secrets never leak' {
    It 'keeps a planted password and OAuth token out of every stream, the receipts and the protocol log' {
        $token = 'ya29.Planted-Pester-OAuth-Token-77'
        $log = Join-Path ([IO.Path]::GetTempPath()) ('smtp-pester-' + [guid]::NewGuid().ToString('n') + '.log')
        $passwordServer = New-FaultServer @()
        $oauthServer = Start-TestSmtpServer -Arguments '--credentials', "alice:$token"
        $script:Servers.Add($oauthServer)
        try {
            $all = & {
                Send-Test $passwordServer @{ PassThru = $true; ProtocolLogPath = $log; Verbose = $true; Debug = $true }
                Send-SecureMail -Server localhost -Port $oauthServer.Port -UserName alice -OAuthToken $token -CertificatePin $oauthServer.Pin -ProtocolLogPath $log `
                    -From 'ops@example.com' -To 'rcpt@example.com' -Subject 'OAuth' -Body 'body' -PassThru -Verbose -Debug
                # A failing login too (terminating): errors must not carry the secret either.
                try {
                    Send-SecureMail -Server localhost -Port $oauthServer.Port -UserName alice -OAuthToken "$token-wrong" -CertificatePin $oauthServer.Pin -ProtocolLogPath $log `
                        -From 'ops@example.com' -To 'rcpt@example.com' -Subject 'OAuth' -Body 'body' -Verbose -Debug
                } catch { $_ }
            } *>&1 2>&1
            $receipts = @($all | Where-Object { $_.PSObject.TypeNames[0] -eq 'SecureMailOps.Core.Mail.SmtpSendReceipt' })
            $receipts.Count | Should -Be 2
            @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
            @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1
            Test-Path $log | Should -BeTrue
            if (-not $IsWindows) { [int](Get-Item $log).UnixFileMode | Should -Be ([Convert]::ToInt32('600', 8)) -Because 'a new protocol log is owner-only' }
            $logText = Get-Content -Raw $log
            $logText | Should -Match 'AUTH'
            $text = ($all | Out-String) + ($all | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString() } }) +
                ($receipts | ConvertTo-Json -Depth 4) + $logText
            foreach ($secret in $script:Password, $token,
                [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("`0alice`0$($script:Password)")),
                [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("user=alice`u{1}auth=Bearer $token`u{1}`u{1}"))) {
                $text | Should -Not -Match ([regex]::Escape($secret))
            }
        } finally {
            Remove-Item $log -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Test-SmtpServer against misbehaving servers' {
    It 'records AUTH before TLS, the TLS version and the certificate for the policy engine' {
        $server = New-FaultServer @('--auth-before-tls', '--tls12-only')
        $record = Test-SmtpServer -Server localhost -Port $server.Port -CertificatePin $server.Pin
        $record.Kind | Should -Be 'Connection'
        $record.AuthBeforeTls | Should -BeTrue
        @($record.AuthMechanismsBeforeTls) | Should -Contain 'PLAIN'
        $record.Tls.Version | Should -Be '1.2'
        $record.Tls.PinMatch | Should -BeTrue
        $record.Tls.SubjectAlternativeNames | Should -Contain 'DNS:localhost'
    }

    It 'records a server without STARTTLS' {
        $server = New-FaultServer @('--tls', 'NoStartTls')
        $record = Test-SmtpServer -Server localhost -Port $server.Port
        $record.StartTlsOffered | Should -BeFalse
        $record.Tls.Enabled | Should -BeFalse
        $record.Error | Should -Be 'SmtpStartTlsNotOffered'
    }

    It 'writes a non-terminating error for a server it cannot reach' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $err = $null
        Test-SmtpServer -Server 127.0.0.1 -Port $port -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'SmtpConnectFailed,SecureMailOps.Commands.TestSmtpServerCommand'
    }
}
