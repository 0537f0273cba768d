# Headless Chromium driven over the DevTools protocol (a WebSocket), for what --dump-dom cannot do:
# --dump-dom runs a script in the page, so with scripting disabled it prints nothing. Here the page
# is opened in a browser started with --blink-settings=scriptEnabled=false (or with scripting on) and
# its DOM is read through DOM.getOuterHTML, which needs no page script; the load event's time is
# taken from the browser's own Page.loadEventFired and Page.lifecycleEvent (first paint) events.
Set-StrictMode -Version Latest

function Send-DevToolsCommand {
    param([System.Net.WebSockets.ClientWebSocket] $Socket, [hashtable] $State, [string] $Method, [hashtable] $Params = @{}, [string[]] $WaitFor = @(), [int] $TimeoutSeconds = 120)
    $State.Id++
    $id = $State.Id
    $json = @{ id = $id; method = $Method; params = $Params } | ConvertTo-Json -Depth 10 -Compress
    $bytes = [Text.Encoding]::UTF8.GetBytes($json)
    $null = $Socket.SendAsync([ArraySegment[byte]]::new($bytes), [System.Net.WebSockets.WebSocketMessageType]::Text, $true, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    $result = $null
    $pending = [Collections.Generic.HashSet[string]]::new([string[]]$WaitFor)
    while ($null -eq $result -or $pending.Count -gt 0) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Chromium did not answer $Method (waiting for $($pending -join ', ')) within $TimeoutSeconds s." }
        $message = Receive-DevToolsMessage $Socket $deadline
        if ($message.PSObject.Properties['id'] -and $message.id -eq $id) {
            if ($message.PSObject.Properties['error']) { throw "Chromium refused ${Method}: $($message.error.message)" }
            $result = $message.result
        }
        elseif ($message.PSObject.Properties['method']) {
            $State.Events.Add([pscustomobject]@{ Method = $message.method; Params = $message.params; At = $State.Watch.Elapsed.TotalSeconds })
            $name = if ($message.method -eq 'Page.lifecycleEvent') { 'lifecycle:' + $message.params.name } else { $message.method }
            $null = $pending.Remove($name)
        }
    }
    return $result
}

function Receive-DevToolsMessage([System.Net.WebSockets.ClientWebSocket] $Socket, [DateTime] $Deadline) {
    $buffer = [byte[]]::new(1MB)
    $stream = [IO.MemoryStream]::new()
    do {
        $left = [Math]::Max(1, ($Deadline - [DateTime]::UtcNow).TotalMilliseconds)
        $cancel = [Threading.CancellationTokenSource]::new([TimeSpan]::FromMilliseconds($left))
        $received = $Socket.ReceiveAsync([ArraySegment[byte]]::new($buffer), $cancel.Token).GetAwaiter().GetResult()
        $stream.Write($buffer, 0, $received.Count)
    } until ($received.EndOfMessage)
    return ([Text.Encoding]::UTF8.GetString($stream.ToArray()) | ConvertFrom-Json -Depth 64)
}

function Get-FreeLocalPort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

<#
.SYNOPSIS
    Opens a page in headless Chromium (network off) and returns its DOM as the browser built it,
    with the seconds to DOMContentLoaded, the load event and first contentful paint, counted from
    the navigation. -NoScript opens it with scripting disabled.
#>
function Open-ChromiumPage {
    param(
        [Parameter(Mandatory)][string] $Chromium,
        [Parameter(Mandatory)][string] $Uri,
        [Parameter(Mandatory)][string] $ProfileDirectory,
        [switch] $NoScript,
        # A script expression evaluated in the page after the load event and the DOM read (its value, awaited if a promise, is EvaluateResult).
        [string] $Evaluate,
        [int] $TimeoutSeconds = 180
    )
    $port = Get-FreeLocalPort
    $arguments = @('--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', "--user-data-dir=$ProfileDirectory",
        '--host-resolver-rules=MAP * ~NOTFOUND', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--remote-debugging-address=127.0.0.1', "--remote-debugging-port=$port", '--remote-allow-origins=*', '--window-size=1280,1024')
    if ($NoScript) { $arguments += '--blink-settings=scriptEnabled=false' }
    $arguments += 'about:blank'
    # ArgumentList passes each argument as it is ('MAP * ~NOTFOUND' holds spaces).
    $start = [Diagnostics.ProcessStartInfo]::new($Chromium)
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardError = $true
    $start.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($start)
    $process.BeginErrorReadLine()
    $process.BeginOutputReadLine()
    $socket = [System.Net.WebSockets.ClientWebSocket]::new()
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $page = $null
        while (-not $page) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Chromium's DevTools endpoint on port $port did not come up." }
            # Invoke-RestMethod writes the JSON array as one object: ForEach-Object unrolls it.
            try { $page = Invoke-RestMethod -Uri "http://127.0.0.1:$port/json/list" -TimeoutSec 5 -Verbose:$false | ForEach-Object { $_ } | Where-Object { $_ -and $_.PSObject.Properties['type'] -and $_.type -eq 'page' } | Select-Object -First 1 }
            catch { Write-Verbose "DevTools: $_"; $page = $null; if ($process.HasExited) { throw "Chromium exited ($($process.ExitCode)) before its DevTools endpoint came up." } }
            if (-not $page) { Start-Sleep -Milliseconds 200 }
        }
        $null = $socket.ConnectAsync([Uri]$page.webSocketDebuggerUrl, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $state = @{ Id = 0; Events = [Collections.Generic.List[object]]::new(); Watch = [Diagnostics.Stopwatch]::new() }
        $null = Send-DevToolsCommand $socket $state 'Page.enable'
        $null = Send-DevToolsCommand $socket $state 'Page.setLifecycleEventsEnabled' @{ enabled = $true }
        $state.Watch.Start()
        $null = Send-DevToolsCommand $socket $state 'Page.navigate' @{ url = $Uri } -WaitFor 'Page.loadEventFired', 'lifecycle:firstContentfulPaint' -TimeoutSeconds $TimeoutSeconds
        $document = Send-DevToolsCommand $socket $state 'DOM.getDocument' @{ depth = 0 }
        $html = (Send-DevToolsCommand $socket $state 'DOM.getOuterHTML' @{ nodeId = $document.root.nodeId }).outerHTML
        $evaluated = if ($Evaluate) {
            $answer = Send-DevToolsCommand $socket $state 'Runtime.evaluate' @{ expression = $Evaluate; returnByValue = $true; awaitPromise = $true } -TimeoutSeconds $TimeoutSeconds
            if ($answer.PSObject.Properties['exceptionDetails']) { throw "The page threw: $($answer.exceptionDetails | ConvertTo-Json -Depth 6 -Compress)" }
            $answer.result.value
        } else { $null }
        $at = { param($name) ($state.Events | Where-Object { $_.Method -eq $name -or ($_.Method -eq 'Page.lifecycleEvent' -and $_.Params.name -eq $name) } | Select-Object -First 1).At }
        [pscustomobject]@{
            Html = $html
            DomContentLoadedSeconds = & $at 'Page.domContentEventFired'
            LoadSeconds = & $at 'Page.loadEventFired'
            FirstContentfulPaintSeconds = & $at 'firstContentfulPaint'
            EvaluateResult = $evaluated
        }
    }
    finally {
        $socket.Dispose()
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(10000) | Out-Null
    }
}

Export-ModuleMember -Function Open-ChromiumPage
