# OAuth 2.0 (XOAUTH2) with tokens the module acquires itself (issue 12), end to end: the local OpenID Connect
# authority (tests/SecureMailOps.TestOidcAuthority, loopback HTTPS, a test CA) and smtp4dev configured to validate
# every XOAUTH2 token against that authority (signature from its JWKS, issuer, audience, expiry, subject = user).
# Each is started once for this file; the device-code tests also use the scripted SMTP server
# (tests/SecureMailOps.TestSmtpServer), which checks each XOAUTH2 token against the authority's JWKS. Sends run in fresh pwsh processes that trust the test CA through SSL_CERT_FILE
# (OpenSSL's bundle for that process only): the module has no switch to skip authority validation.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $script:ModulePath -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/TestOidcAuthority.psm1" -Force
    Import-Module "$PSScriptRoot/../../build/TestSmtpServer.psm1" -Force

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('oauth-pester-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Mailbox = 'reports@contoso.com'
    $script:SecretApp = '5c0e1a54-0000-4000-8000-00000000a001'
    $script:CertApp = '5c0e1a54-0000-4000-8000-00000000a002'
    $script:DeviceApp = '5c0e1a54-0000-4000-8000-00000000a003'
    $script:Secret = 'Pl4nted~OAuth~Client~Secret~93xQ'
    $script:PfxPassword = 'Pl4nted-Pfx-Passw0rd-417'

    # The app's certificate: PFX (with password) for the module, its public part registered at the authority, and
    # the private key as PEM text, which must never show up anywhere.
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=SecureMailOps SMTP sender', $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
    $script:PfxPath = Join-Path $script:Work 'smtp-sender.pfx'
    $script:CerPath = Join-Path $script:Work 'smtp-sender.cer'
    [IO.File]::WriteAllBytes($script:PfxPath, $cert.Export('Pkcs12', $script:PfxPassword))
    [IO.File]::WriteAllBytes($script:CerPath, $cert.Export('Cert'))
    # Lines of the PEM body (64 characters each) are what a leak would contain.
    $script:KeyPemLines = @($rsa.ExportPkcs8PrivateKeyPem() -split "`n" | Where-Object { $_ -notmatch '-----' -and $_.Trim().Length -ge 40 } | ForEach-Object Trim)
    $cert.Dispose()
    # Secrets reach the child processes through files, so they are not even in the command text.
    $script:SecretFile = Join-Path $script:Work 'secret.txt'
    Set-Content -Path $script:SecretFile -Value $script:Secret -NoNewline
    $script:PfxPasswordFile = Join-Path $script:Work 'pfx-password.txt'
    Set-Content -Path $script:PfxPasswordFile -Value $script:PfxPassword -NoNewline

    $script:Idp = Start-TestOidcAuthority -Arguments @('--lifetime', '30',
        '--secret', "$($script:SecretApp):$($script:Secret)",
        '--certificate', "$($script:CertApp):$($script:CerPath)",
        '--public-client', $script:DeviceApp, '--device-code-lifetime', '60',
        '--subject', "$($script:SecretApp):$($script:Mailbox)",
        '--subject', "$($script:CertApp):$($script:Mailbox)",
        '--subject', "$($script:DeviceApp):$($script:Mailbox)")
    $script:Smtp = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User "$($script:Mailbox)=not-a-password" `
        -ExtraArgument @('--smtpallowanycredentials-', "--oauth2authority=$($script:Idp.Authority)", '--oauth2audience=https://outlook.office365.com') `
        -Environment @{ SSL_CERT_FILE = $script:Idp.CaPath }

    # Runs a script in a fresh pwsh that trusts the test CA; every stream is captured (verbose and debug on).
    function Invoke-OAuthChild([string] $Body, [switch] $NoTrust) {
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = if ($NoTrust) { $null } else { $script:Idp.CaPath }
        try {
            $text = Invoke-FreshPwsh @"
Import-Module '$script:ModulePath'
`$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'; `$ErrorActionPreference = 'Continue'
& { $Body } *>&1 | ForEach-Object { if (`$_ -is [System.Management.Automation.ErrorRecord]) { 'ERRORID ' + `$_.FullyQualifiedErrorId + ' ' + `$_.CategoryInfo.Category; `$_ | Format-List * -Force | Out-String; `$_.Exception.ToString() } else { `$_ | Format-List * -Force | Out-String; [string]`$_ } }
"@
        }
        finally {
            $env:SSL_CERT_FILE = $previous
        }
        return ($text | Out-String)
    }

    function Get-ProfileArgs {
        "-Server localhost -Port $($script:Smtp.SmtpPort) -CertificatePin $($script:Smtp.CertificatePin) -UserName $($script:Mailbox) -OAuthAuthority '$($script:Idp.Authority)' -TimeoutSeconds 20"
    }

    function Assert-NoSecret([string] $Text) {
        $Text | Should -Not -Match ([regex]::Escape($script:Secret))
        $Text | Should -Not -Match ([regex]::Escape($script:PfxPassword))
        foreach ($line in $script:KeyPemLines) { $Text | Should -Not -Match ([regex]::Escape($line)) }
        # Every access token and client assertion is a JWT: a JSON header, base64url, starts with eyJ.
        $Text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}'
    }
}

AfterAll {
    if ($script:Smtp) { Stop-Smtp4dev $script:Smtp }
    if ($script:Idp) { Stop-TestOidcAuthority $script:Idp }
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue }
}

Describe 'New-SmtpProfile OAuth parameters' {
    It 'accepts exactly one credential kind (parameter sets)' {
        $secret = ConvertTo-SecureString 'x' -AsPlainText -Force
        { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthTenantId t -OAuthClientSecret $secret -OAuthCertificatePath ./x.pfx } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.NewSmtpProfileCommand'
        { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthTenantId t -OAuthClientSecret $secret -Credential ([pscredential]::new('u', $secret)) } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,SecureMailOps.Commands.NewSmtpProfileCommand'
        $sets = (Get-Command New-SmtpProfile).ParameterSets.Name
        $sets | Should -Contain 'OAuthClientSecret'
        $sets | Should -Contain 'OAuthCertificate'
        $sets | Should -Contain 'OAuthCertificateThumbprint'
        $sets | Should -Contain 'OAuthCertificatePath'
        $sets | Should -Contain 'OAuthDeviceCode'
    }

    It 'makes a profile with a token source and shows no secret' {
        $p = New-SmtpProfile -Server smtp.office365.com -UserName $script:Mailbox -OAuthClientId $script:SecretApp -OAuthTenantId contoso.onmicrosoft.com -OAuthClientSecret $script:Secret
        $p.HasOAuthToken | Should -BeTrue
        $p.UserName | Should -Be $script:Mailbox
        ($p | Format-List * -Force | Out-String) + ($p | Out-String) | Should -Not -Match ([regex]::Escape($script:Secret))
    }

    It 'refuses an http authority with OAuthAuthorityInvalid' {
        $err = { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthClientSecret 'x' -OAuthAuthority 'http://idp.example/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthAuthorityInvalid,SecureMailOps.Commands.NewSmtpProfileCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'says plainly that -OAuthCertificateThumbprint is Windows-only' -Skip:$IsWindows {
        $err = { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthTenantId t -OAuthCertificateThumbprint ('AB' * 20) -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthCertificateStoreUnsupported,SecureMailOps.Commands.NewSmtpProfileCommand' -PassThru
        $err.Exception.Message | Should -Match 'Windows'
    }

    It 'refuses a wrong PFX password with OAuthCertificateUnreadable and does not echo it' {
        $err = { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthTenantId t -OAuthCertificatePath $script:PfxPath -OAuthCertificatePassword 'Wr0ng-Pfx-Planted' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthCertificateUnreadable,SecureMailOps.Commands.NewSmtpProfileCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match 'Wr0ng-Pfx-Planted'
    }
}

Describe 'XOAUTH2 through the local authority and smtp4dev (which validates each token)' {
    BeforeEach { Clear-Smtp4devMessage -Server $script:Smtp }

    It 'sends with a certificate from a PFX file (Microsoft 365-shaped: tenant, client id, certificate), nothing secret in any stream or the protocol log' {
        $log = Join-Path $script:Work 'cert.log'
        $out = Invoke-OAuthChild @"
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '$($script:CertApp)' -OAuthTenantId contoso.onmicrosoft.com -OAuthCertificatePath '$($script:PfxPath)' -OAuthCertificatePassword (Get-Content -Raw '$($script:PfxPasswordFile)') -ProtocolLogPath '$log'
1..3 | ForEach-Object { [pscustomobject]@{ From = '$($script:Mailbox)'; To = "rcpt`$_@example.com"; Subject = "OAuth cert `$_"; Body = 'b' } } | Send-SecureMail -Profile `$p
"@
        $out | Should -Not -Match 'ERRORID'
        (Wait-Smtp4devMessage -Server $script:Smtp -Count 3).Count | Should -Be 3
        $smtpLog = Get-Content -Raw (Join-Path $script:Smtp.DataDirectory 'smtp4dev.log')
        $smtpLog | Should -Match 'SMTP OAuth2 authentication successful'
        $protocol = Get-Content -Raw $log
        $protocol | Should -Match 'AUTH XOAUTH2'
        Assert-NoSecret $out
        Assert-NoSecret $protocol
    }

    It 'sends with a client secret' {
        $out = Invoke-OAuthChild @"
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '$($script:SecretApp)' -OAuthClientSecret (Get-Content -Raw '$($script:SecretFile)')
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'OAuth secret' -Body 'b'
"@
        $out | Should -Not -Match 'ERRORID'
        (Wait-Smtp4devMessage -Server $script:Smtp -Count 1).Count | Should -Be 1
        Assert-NoSecret $out
    }

    It 'shows that smtp4dev checks tokens: a forged one is refused (535) and the message is not delivered' {
        $out = Invoke-OAuthChild @"
`$p = New-SmtpProfile -Server localhost -Port $($script:Smtp.SmtpPort) -CertificatePin $($script:Smtp.CertificatePin) -UserName '$($script:Mailbox)' -OAuthToken 'forged.not-a-jwt.token'
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Forged' -Body 'b'
"@
        $out | Should -Match 'ERRORID SmtpAuthenticationFailed,SecureMailOps.Commands.SendSecureMailCommand AuthenticationError'
        @(Get-Smtp4devMessage -Server $script:Smtp).Count | Should -Be 0
        Get-Content -Raw (Join-Path $script:Smtp.DataDirectory 'smtp4dev.log') | Should -Match 'OAuth2 authentication failed'
    }

    It 'fails a wrong client secret with OAuthClientCredentialInvalid (AuthenticationError) and never shows it' {
        $out = Invoke-OAuthChild @"
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '$($script:SecretApp)' -OAuthClientSecret ((Get-Content -Raw '$($script:SecretFile)') + 'x')
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Wrong secret' -Body 'b'
"@
        $out | Should -Match 'ERRORID OAuthClientCredentialInvalid,SecureMailOps.Commands.SendSecureMailCommand AuthenticationError'
        $out | Should -Match 'AADSTS7000215'
        Assert-NoSecret $out
    }

    It 'fails an unknown client with OAuthClientUnknown and an unknown tenant with OAuthTenantNotFound' {
        $wrongTenant = $script:Idp.Authority -replace 'contoso\.onmicrosoft\.com', 'fabrikam.onmicrosoft.com'
        $out = Invoke-OAuthChild @"
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '00000000-0000-0000-0000-00000000dead' -OAuthClientSecret 'x'
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Unknown client' -Body 'b'
`$q = New-SmtpProfile -Server localhost -Port $($script:Smtp.SmtpPort) -CertificatePin $($script:Smtp.CertificatePin) -UserName '$($script:Mailbox)' -OAuthAuthority '$wrongTenant' -OAuthClientId '$($script:SecretApp)' -OAuthClientSecret 'x'
Send-SecureMail -Profile `$q -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Unknown tenant' -Body 'b'
"@
        $out | Should -Match 'ERRORID OAuthClientUnknown,SecureMailOps.Commands.SendSecureMailCommand ObjectNotFound'
        $out | Should -Match 'ERRORID OAuthTenantNotFound,SecureMailOps.Commands.SendSecureMailCommand ObjectNotFound'
    }

    It 'fails with OAuthAuthorityUntrusted when the authority''s CA is not trusted (no skip switch exists)' {
        $out = Invoke-OAuthChild -NoTrust @"
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '$($script:SecretApp)' -OAuthClientSecret 'x'
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Untrusted' -Body 'b'
"@
        $out | Should -Match 'ERRORID OAuthAuthorityUntrusted,SecureMailOps.Commands.SendSecureMailCommand SecurityError'
    }
}

Describe 'The MSAL conflict test' {
    It 'works when another Microsoft.Identity.Client version is loaded in the session first' {
        $older = Join-Path $env:SECUREMAILOPS_TOOL_MODULES '..' 'packages' 'microsoft.identity.client' '4.61.3' 'lib' 'net6.0' 'Microsoft.Identity.Client.dll'
        Test-Path $older | Should -BeTrue -Because 'build.ps1 restores MSAL 4.61.3 for this test'
        Clear-Smtp4devMessage -Server $script:Smtp
        $out = Invoke-OAuthChild @"
Add-Type -Path '$older'
'FIRST ' + [Microsoft.Identity.Client.PublicClientApplication].Assembly.GetName().Version
`$p = New-SmtpProfile $(Get-ProfileArgs) -OAuthClientId '$($script:CertApp)' -OAuthTenantId contoso.onmicrosoft.com -OAuthCertificatePath '$($script:PfxPath)' -OAuthCertificatePassword (Get-Content -Raw '$($script:PfxPasswordFile)')
Send-SecureMail -Profile `$p -From '$($script:Mailbox)' -To 'ops@example.com' -Subject 'Conflict' -Body 'b' | Out-Null
'LOADED ' + ((([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Identity.Client' }) | ForEach-Object { `$_.GetName().Version.ToString() }) -join ',')
"@
        $out | Should -Match 'FIRST 4\.61\.3'
        $out | Should -Not -Match 'ERRORID'
        $out | Should -Match 'LOADED .*4\.61\.3'
        $out | Should -Match 'LOADED .*4\.92\.0'
        (Wait-Smtp4devMessage -Server $script:Smtp -Count 1).Count | Should -Be 1
    }
}

Describe 'Device-code sign-in (-OAuthDeviceCode)' {
    # MSAL 4.92 implements the device-code flow only for Entra ID-type authorities. The module refuses any other
    # authority for it; the tests below reach the local authority through the engine's test seam
    # (MsalTokenSource.LoopbackEntraAuthorityForTests, internal, loopback hosts only), set by reflection in the child
    # process, so real MSAL asks /tenant/oauth2/v2.0/devicecode and polls /tenant/oauth2/v2.0/token.
    BeforeAll {
        $previous = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $script:Idp.CaPath
        try {
            $script:DeviceSmtp = Start-TestSmtpServer -Arguments @('--oauth-authority', $script:Idp.Authority, '--oauth-user', $script:Mailbox)
        }
        finally {
            $env:SSL_CERT_FILE = $previous
        }

        # Runs New-SmtpProfile -OAuthDeviceCode and two Send-SecureMail calls in a runspace of a fresh pwsh whose host
        # records every line with the thread it arrived on (tests/pester/AnsweringHost.cs), with Console.Out and
        # Console.Error redirected to a buffer for the whole run. When the prompt arrives, the "user" acts on it at
        # the verification page it names ($Decision: approve, authorization_declined) or presses Ctrl+C (stop).
        function Invoke-DeviceCodeChild([string] $Decision, [string] $Tag) {
            $state = Join-Path $script:Work "device-state-$Tag.json"
            $profileArgs = "@{ Server = 'localhost'; Port = $($script:DeviceSmtp.Port); CertificatePin = '$($script:DeviceSmtp.Pin)'; UserName = '$($script:Mailbox)'; OAuthAuthority = '$($script:Idp.Authority)'; OAuthClientId = '$($script:DeviceApp)'; TimeoutSeconds = 20 }"
            $out = Invoke-OAuthChild @"
`$ProgressPreference = 'SilentlyContinue'
Add-Type -Path '$PSScriptRoot/AnsweringHost.cs'
`$http = [Net.Http.HttpClient]::new()
function Get-AuthorityState { `$http.GetStringAsync('https://127.0.0.1:$($script:Idp.Port)/_test/state').GetAwaiter().GetResult() }
`$recordingHost = [SecureMailOps.PesterSupport.AnsweringHost]::new([int[]] @())
`$runspace = [runspacefactory]::CreateRunspace(`$recordingHost); `$runspace.Open()
`$ps = [powershell]::Create(); `$ps.Runspace = `$runspace
`$null = `$ps.AddScript({
    param(`$ModulePath, `$ProfileArgs, `$Mailbox, `$Tag)
    Import-Module `$ModulePath
    `$null = New-SmtpProfile -Server localhost
    `$core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'SecureMailOps.Core' } | Select-Object -First 1
    `$core.GetType('SecureMailOps.Core.Mail.OAuth.MsalTokenSource', `$true).GetProperty('LoopbackEntraAuthorityForTests', [Reflection.BindingFlags] 'NonPublic,Static').SetValue(`$null, `$true)
    `$VerbosePreference = 'Continue'; `$DebugPreference = 'Continue'
    `$pipelineThread = [Environment]::CurrentManagedThreadId
    `$p = New-SmtpProfile @ProfileArgs -OAuthDeviceCode
    `$receipts = if (`$p) {
        Send-SecureMail -Profile `$p -From `$Mailbox -To "first-`$Tag@example.com" -Subject "Device code `$Tag 1" -Body 'b' -PassThru
        Send-SecureMail -Profile `$p -From `$Mailbox -To "second-`$Tag@example.com" -Subject "Device code `$Tag 2" -Body 'b' -PassThru
    }
    [pscustomobject]@{ Thread = `$pipelineThread; Profile = `$p; Receipts = @(`$receipts) }
}).AddArgument('$script:ModulePath').AddArgument($profileArgs).AddArgument('$($script:Mailbox)').AddArgument('$Tag')
`$console = [IO.StringWriter]::new(); `$stdout = [Console]::Out; `$stderr = [Console]::Error
[Console]::SetOut(`$console); [Console]::SetError(`$console)
try {
    `$async = `$ps.BeginInvoke()
    `$deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (`$recordingHost.Recorder.Seen.ToArray() -like 'Warning|*') -and -not `$async.IsCompleted -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 50 }
    `$prompt = [string] (`$recordingHost.Recorder.Seen.ToArray() -like 'Warning|*' | Select-Object -First 1)
    `$page = [regex]::Match(`$prompt, 'open (https://\S+) in a browser').Groups[1].Value
    `$userCode = [regex]::Match(`$prompt, 'enter the code ([0-9A-F]+) ').Groups[1].Value
    Start-Sleep -Milliseconds 1500
    if ('$Decision' -eq 'stop') {
        `$ps.Stop()
    }
    else {
        `$fields = [Collections.Generic.Dictionary[string, string]]::new()
        `$fields['user_code'] = `$userCode; `$fields['decision'] = '$Decision'
        `$form = [Net.Http.FormUrlEncodedContent]::new(`$fields)
        `$null = `$http.PostAsync(`$page, `$form).GetAwaiter().GetResult().EnsureSuccessStatusCode()
    }
    # The authority honours a device code for a minute (see its arguments), so a failed step cannot hang here.
    `$result = if ('$Decision' -eq 'stop') { `$null } else { `$ps.EndInvoke(`$async) }
    `$pollsAfter = [int] (Get-AuthorityState | ConvertFrom-Json).deviceCodePolls
    Start-Sleep -Milliseconds 2500
    `$pollsLater = [int] (Get-AuthorityState | ConvertFrom-Json).deviceCodePolls
}
finally {
    [Console]::SetOut(`$stdout); [Console]::SetError(`$stderr)
    if (-not `$async.IsCompleted) { `$ps.Stop() }
}
Get-AuthorityState | Set-Content '$state'
'CONSOLE[' + `$console.ToString() + ']'
'PIPELINE ' + `$result.Thread
'PROFILE ' + [bool] `$result.Profile
'RECEIPTS ' + @(`$result.Receipts | Where-Object { `$_ }).Count
'POLLS ' + (`$pollsLater - `$pollsAfter)
foreach (`$line in `$recordingHost.Recorder.Seen) { 'SEEN ' + `$line }
foreach (`$e in `$ps.Streams.Error) { 'ERRORID ' + `$e.FullyQualifiedErrorId + ' ' + `$e.CategoryInfo.Category; `$e | Format-List * -Force | Out-String; `$e.Exception.ToString() }
`$result | Format-List * -Force | Out-String
`$result.Receipts | Format-List * -Force | Out-String
foreach (`$stream in 'Verbose', 'Debug', 'Information', 'Warning') { `$ps.Streams.`$stream | Out-String }
"@
            [pscustomobject]@{ Output = $out; State = Get-Content -Raw $state | ConvertFrom-Json }
        }

        function Get-DeliveredSubject {
            @(Get-Content $script:DeviceSmtp.OutputPath | Where-Object { $_ -like 'MESSAGE *' })
        }
    }

    AfterAll {
        if ($script:DeviceSmtp) { Stop-TestSmtpServer $script:DeviceSmtp }
    }

    It 'refuses a generic OpenID Connect authority with OAuthDeviceCodeAuthorityUnsupported, before any prompt' {
        $warnings = @()
        $err = { New-SmtpProfile -Server s -UserName u@x -OAuthClientId a -OAuthAuthority $script:Idp.Authority -OAuthDeviceCode -ErrorAction Stop -WarningVariable +warnings } |
            Should -Throw -ErrorId 'OAuthDeviceCodeAuthorityUnsupported,SecureMailOps.Commands.NewSmtpProfileCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'Entra ID'
        $warnings | Should -BeNullOrEmpty
    }

    It 'shows the prompt through the host on the pipeline thread (never Console), signs in once, and both sends are delivered once through the XOAUTH2 server' {
        $run = Invoke-DeviceCodeChild -Decision approve -Tag ok
        $out = $run.Output
        $out | Should -Not -Match 'ERRORID'
        $out | Should -Match '(?m)^CONSOLE\[\]$'
        $pipeline = [regex]::Match($out, '(?m)^PIPELINE (\d+)').Groups[1].Value
        $pipeline | Should -Not -BeNullOrEmpty
        $prompts = @([regex]::Matches($out, '(?m)^SEEN Warning\|(\d+)\|(.*)$'))
        $prompts.Count | Should -Be 1
        $prompts[0].Groups[1].Value | Should -Be $pipeline
        $prompts[0].Groups[2].Value | Should -Match ([regex]::Escape("open https://127.0.0.1:$($script:Idp.Port)/$($script:Idp.Tenant)/device in a browser and enter the code "))
        $out | Should -Match '(?m)^PROFILE True'
        $out | Should -Match '(?m)^RECEIPTS 2'

        # One device code, approved once; the second send used the cached sign-in (refresh token), not a new prompt.
        $run.State.deviceCodeRequests | Should -Be 1
        @($run.State.deviceCodes).Count | Should -Be 1
        @($run.State.refreshTokens).Count | Should -BeGreaterOrEqual 2
        $delivered = Get-DeliveredSubject
        @($delivered | Where-Object { $_ -match 'to=first-ok@example.com subject=Device code ok 1$' }).Count | Should -Be 1
        @($delivered | Where-Object { $_ -match 'to=second-ok@example.com subject=Device code ok 2$' }).Count | Should -Be 1

        # The device code, refresh tokens and access tokens appear in no stream, receipt or error.
        foreach ($secret in @($run.State.deviceCodes) + @($run.State.refreshTokens) + @($run.State.accessTokens)) {
            $out | Should -Not -Match ([regex]::Escape($secret))
        }
        Assert-NoSecret $out
    }

    It 'fails a declined sign-in with OAuthDeviceCodeDeclined (PermissionDenied): no profile, nothing sent, no secret shown' {
        $before = @(Get-DeliveredSubject).Count
        $run = Invoke-DeviceCodeChild -Decision authorization_declined -Tag declined
        $run.Output | Should -Match 'ERRORID OAuthDeviceCodeDeclined,SecureMailOps.Commands.NewSmtpProfileCommand PermissionDenied'
        $run.Output | Should -Match '(?m)^PROFILE False'
        $run.Output | Should -Match '(?m)^CONSOLE\[\]$'
        @(Get-DeliveredSubject).Count | Should -Be $before
        foreach ($secret in @($run.State.deviceCodes)) { $run.Output | Should -Not -Match ([regex]::Escape($secret)) }
    }

    It 'stops waiting on Ctrl+C (StopProcessing): no profile, no error, and MSAL polls no more' {
        $run = Invoke-DeviceCodeChild -Decision stop -Tag stopped
        $run.Output | Should -Not -Match 'ERRORID'
        $run.Output | Should -Match '(?m)^POLLS 0$'
        $run.Output | Should -Match '(?m)^CONSOLE\[\]$'
        @([regex]::Matches($run.Output, '(?m)^SEEN Warning\|')).Count | Should -Be 1
    }
}
