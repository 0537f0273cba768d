<#
.SYNOPSIS
    Writes the records of a JSON Lines file as one top-level JSON array, one record a line, so that a
    benchmark or test can read the same records from both kinds of file.
.DESCRIPTION
    Streams: one line is held at a time, whatever the file's size. The lines are copied as they are (no
    parsing), so both files hold byte-identical records. UTF-8 without a byte order mark.
.EXAMPLE
    ./tests/tools/ConvertTo-JsonArrayFile.ps1 -Path ./out/datasets/entra-native.jsonl -Destination ./out/datasets/entra-native.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $Path,
    [Parameter(Mandatory)][string] $Destination
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$source = (Resolve-Path $Path).ProviderPath
$target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Destination)
$writer = [IO.StreamWriter]::new($target, $false, [Text.UTF8Encoding]::new($false))
try {
    $writer.Write("[`n")
    $first = $true
    foreach ($line in [IO.File]::ReadLines($source)) {
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        if (-not $first) { $writer.Write(",`n") }
        $writer.Write($line)
        $first = $false
    }
    $writer.Write("`n]`n")
}
finally {
    $writer.Dispose()
}
