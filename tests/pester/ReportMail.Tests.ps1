# Send-SecurityReport against smtp4dev (a real SMTP server) over STARTTLS with its certificate pinned and
# authentication required: the summary as HTML and text, the reports attached, nothing leaked.
BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-Module (Get-TestModulePath) -Force
    Import-Module "$PSScriptRoot/../../build/Smtp4dev.psm1" -Force
    $script:Root = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Server = Start-Smtp4dev -TlsMode StartTls -AuthenticationRequired -User 'alice=Planted-Smtp-Pass-771'
    $script:Credential = [pscredential]::new('alice', (ConvertTo-SecureString 'Planted-Smtp-Pass-771' -AsPlainText -Force))
    $script:Profile = New-SmtpProfile -Server localhost -Port $script:Server.SmtpPort -Credential $script:Credential -CertificatePin $script:Server.CertificatePin -TimeoutSeconds 20
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('smo-reportmail-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Summary = Invoke-SecurityPolicy -Path (Join-Path $script:Root 'examples' 'inventory.yaml') -AsOf '2026-06-01' -WarningAction SilentlyContinue |
        Export-SecurityReport -Path (Join-Path $script:Work 'r.html'), (Join-Path $script:Work 'r.json'), (Join-Path $script:Work 'r.sarif') -Title 'Mail <security> & co' -PassThru
}

AfterAll {
    if ($script:Server) { Stop-Smtp4dev $script:Server }
    if ($script:Work) { Remove-Item -Recurse -Force $script:Work -ErrorAction SilentlyContinue }
}

Describe 'Send-SecurityReport' {
    BeforeEach { Clear-Smtp4devMessage -Server $script:Server }

    It 'sends the summary (from the JSON report) as HTML and text, with the reports attached, over the verified connection' {
        $files = Get-ChildItem $script:Work -File
        $all = $files | Send-SecurityReport -Profile $script:Profile -From 'reports@example.com' -To 'ops@example.com' -PassThru -Verbose 4>&1 *>&1
        $receipt = @($all | Where-Object { $_.PSObject.TypeNames[0] -eq 'SecureMailOps.Core.Mail.SmtpSendReceipt' })
        $receipt.Count | Should -Be 1
        $receipt[0].TlsProtocol | Should -Match '1\.[23]'
        $message = @(Wait-Smtp4devMessage -Server $script:Server -Count 1 -Raw)
        $message.Count | Should -Be 1
        $failing = $script:Summary.Counts.Failing
        $message[0].subject | Should -Be ('Mail <security> & co: {0} failing of {1} findings' -f $failing, $script:Summary.Counts.Total)
        $raw = $message[0].Raw
        $raw | Should -Match 'Content-Type: text/html'
        $raw | Should -Match 'Content-Type: text/plain'
        foreach ($name in 'r.html', 'r.json', 'r.sarif') { $raw | Should -Match ('filename="?{0}' -f [regex]::Escape($name)) }
        # Neither part carries the secret; the text part is readable (quoted-printable or 7-bit).
        ($all | Out-String) + $raw | Should -Not -Match 'Planted-Smtp-Pass-771'
    }

    It 'takes the summary from Export-SecurityReport -PassThru, and sends nothing with -WhatIf' {
        Send-SecurityReport -Profile $script:Profile -From 'reports@example.com' -To 'ops@example.com' -Path (Join-Path $script:Work 'r.html') -Summary $script:Summary -Subject 'Weekly report'
        (@(Wait-Smtp4devMessage -Server $script:Server -Count 1)).subject | Should -Be 'Weekly report'
        Clear-Smtp4devMessage -Server $script:Server
        Send-SecurityReport -Profile $script:Profile -From 'reports@example.com' -To 'ops@example.com' -Path (Join-Path $script:Work 'r.json') -WhatIf
        Start-Sleep -Milliseconds 500
        @(Get-Smtp4devMessage -Server $script:Server).Count | Should -Be 0
    }

    It 'refuses without a summary, and names a missing file' {
        { Send-SecurityReport -Profile $script:Profile -From 'a@example.com' -To 'b@example.com' -Path (Join-Path $script:Work 'r.html') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportSummaryMissing,SecureMailOps.Commands.SendSecurityReportCommand'
        { Send-SecurityReport -Profile $script:Profile -From 'a@example.com' -To 'b@example.com' -Path (Join-Path $script:Work 'none.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportFileNotFound,SecureMailOps.Commands.SendSecurityReportCommand'
    }
}
