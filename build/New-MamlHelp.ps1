<#
.SYNOPSIS
    Generates the module's MAML help (en-US/SecureMailOps.dll-Help.xml) from docs/help/<Cmdlet>.md.

.DESCRIPTION
    platyPS is not available here, so this is a small, strict generator. Prose comes from the
    markdown sources; parameter metadata (type, position, pipeline input, mandatory, sets) comes from
    the built cmdlets themselves, so help can never disagree with the code about them. It fails when
    an exported cmdlet has no source, when a section is missing, or when a parameter is undocumented
    or documented but does not exist.

    Source format (one file per cmdlet, headings exactly as shown):
      # <Cmdlet-Name>
      ## SYNOPSIS          one paragraph
      ## DESCRIPTION       paragraphs
      ## PARAMETERS        ### -Name then its description, once per parameter
      ## EXAMPLES          ### Example N: title, a ```powershell block, then remarks
      ## INPUTS            ### TypeName then text (optional)
      ## OUTPUTS           ### TypeName then text (optional)
      ## NOTES             text (optional)
      ## RELATED LINKS     - name (optional)
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $SourceDirectory,
    [Parameter(Mandatory)][string] $OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$module = Import-Module $ModulePath -PassThru -Force
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

function Split-Sections {
    param([string[]] $Lines, [string] $Prefix)
    $sections = [ordered]@{}
    $current = $null
    foreach ($line in $Lines) {
        if ($line -match "^$([regex]::Escape($Prefix)) (.+)$") {
            $current = $Matches[1].Trim()
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    return $sections
}

function ConvertTo-Paragraphs {
    param([string[]] $Lines)
    $text = ($Lines -join "`n").Trim()
    if (-not $text) { return @() }
    return @($text -split "\n\s*\n" | ForEach-Object { ($_ -replace '\s*\n\s*', ' ').Trim() } | Where-Object { $_ })
}

function Add-Paras {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    if (-not $Paragraphs) { $Paragraphs = @('') }
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', 'http://schemas.microsoft.com/maml/2004/10', $p) }
}

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

$problems = [System.Collections.Generic.List[string]]::new()
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$temp = "$OutputPath.tmp"
$writer = [System.Xml.XmlWriter]::Create($temp, $settings)
try {
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($exported in $module.ExportedCmdlets.Values | Sort-Object Name) {
        # From Get-Command: only its CommandInfo carries the dynamic parameters (the store parameter sets).
        $command = Get-Command -Name $exported.Name -Module $module.Name
        $source = Join-Path $SourceDirectory "$($command.Name).md"
        if (-not (Test-Path $source)) { $problems.Add("$($command.Name): no help source at $source"); continue }
        $lines = Get-Content $source
        $sections = Split-Sections -Lines $lines -Prefix '##'
        foreach ($required in 'SYNOPSIS', 'DESCRIPTION', 'PARAMETERS', 'EXAMPLES') {
            if (-not $sections.Contains($required)) { $problems.Add("$($command.Name): section '## $required' is missing") }
        }
        if ($problems.Count) { continue }

        $paramDocs = Split-Sections -Lines $sections['PARAMETERS'] -Prefix '###'
        $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $commonParameters } | Sort-Object { $p = $_; ($p.ParameterSets.Values | ForEach-Object Position | Where-Object { $_ -ge 0 } | Measure-Object -Minimum).Minimum ?? 999 }, Name)
        foreach ($p in $parameters) {
            if (-not $paramDocs.Contains("-$($p.Name)") -or -not (ConvertTo-Paragraphs $paramDocs["-$($p.Name)"])) {
                $problems.Add("$($command.Name): parameter -$($p.Name) has no description")
            }
        }
        foreach ($documented in $paramDocs.Keys) {
            if ($documented.TrimStart('-') -notin $parameters.Name) { $problems.Add("$($command.Name): '### $documented' documents a parameter that does not exist") }
        }

        $writer.WriteStartElement('command', 'command', $ns.command)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

        $writer.WriteStartElement('command', 'details', $ns.command)
        $writer.WriteElementString('command', 'name', $ns.command, $command.Name)
        $writer.WriteElementString('command', 'verb', $ns.command, $command.Verb)
        $writer.WriteElementString('command', 'noun', $ns.command, $command.Noun)
        $writer.WriteStartElement('maml', 'description', $ns.maml)
        Add-Paras $writer (ConvertTo-Paragraphs $sections['SYNOPSIS'])
        $writer.WriteEndElement()
        $writer.WriteEndElement()

        $writer.WriteStartElement('maml', 'description', $ns.maml)
        Add-Paras $writer (ConvertTo-Paragraphs $sections['DESCRIPTION'])
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $command.ParameterSets) {
            $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
            $writer.WriteElementString('maml', 'name', $ns.maml, $command.Name)
            foreach ($sp in $set.Parameters | Where-Object { $_.Name -notin $commonParameters } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 999 } }, { -not $_.IsMandatory }, Name) {
                $writer.WriteStartElement('command', 'parameter', $ns.command)
                $writer.WriteAttributeString('required', $sp.IsMandatory.ToString().ToLowerInvariant())
                $writer.WriteAttributeString('position', $(if ($sp.Position -ge 0) { "$($sp.Position)" } else { 'named' }))
                $writer.WriteElementString('maml', 'name', $ns.maml, $sp.Name)
                if ($sp.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                    $writer.WriteStartElement('command', 'parameterValue', $ns.command)
                    $writer.WriteAttributeString('required', 'true')
                    $writer.WriteString($sp.ParameterType.Name)
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $parameters) {
            $sets = @($p.ParameterSets.Values)
            $mandatory = [bool]($sets | Where-Object IsMandatory)
            $position = ($sets | ForEach-Object Position | Where-Object { $_ -ge 0 } | Select-Object -First 1)
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $pipeline = if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
            $writer.WriteStartElement('command', 'parameter', $ns.command)
            $writer.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
            $writer.WriteAttributeString('variableLength', 'false')
            $writer.WriteAttributeString('globbing', 'false')
            $writer.WriteAttributeString('pipelineInput', $pipeline)
            $writer.WriteAttributeString('position', $(if ($null -ne $position) { "$position" } else { 'named' }))
            $writer.WriteElementString('maml', 'name', $ns.maml, $p.Name)
            $writer.WriteStartElement('maml', 'description', $ns.maml)
            $doc = if ($paramDocs.Contains("-$($p.Name)")) { ConvertTo-Paragraphs $paramDocs["-$($p.Name)"] } else { @() }
            Add-Paras $writer $doc
            $writer.WriteEndElement()
            $writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $writer.WriteAttributeString('required', $(if ($p.SwitchParameter) { 'false' } else { 'true' }))
            $writer.WriteString($p.ParameterType.Name)
            $writer.WriteEndElement()
            $writer.WriteStartElement('dev', 'type', $ns.dev)
            $writer.WriteElementString('maml', 'name', $ns.maml, $p.ParameterType.FullName)
            $writer.WriteEndElement()
            $writer.WriteElementString('dev', 'defaultValue', $ns.dev, 'None')
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        foreach ($kind in @(@{ Section = 'INPUTS'; Outer = 'inputTypes'; Inner = 'inputType' }, @{ Section = 'OUTPUTS'; Outer = 'returnValues'; Inner = 'returnValue' })) {
            if (-not $sections.Contains($kind.Section)) { continue }
            $writer.WriteStartElement('command', $kind.Outer, $ns.command)
            $types = Split-Sections -Lines $sections[$kind.Section] -Prefix '###'
            foreach ($typeName in $types.Keys) {
                $writer.WriteStartElement('command', $kind.Inner, $ns.command)
                $writer.WriteStartElement('dev', 'type', $ns.dev)
                $writer.WriteElementString('maml', 'name', $ns.maml, $typeName)
                $writer.WriteEndElement()
                $writer.WriteStartElement('maml', 'description', $ns.maml)
                Add-Paras $writer (ConvertTo-Paragraphs $types[$typeName])
                $writer.WriteEndElement()
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }

        if ($sections.Contains('NOTES')) {
            $writer.WriteStartElement('maml', 'alertSet', $ns.maml)
            $writer.WriteStartElement('maml', 'alert', $ns.maml)
            Add-Paras $writer (ConvertTo-Paragraphs $sections['NOTES'])
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }

        $writer.WriteStartElement('command', 'examples', $ns.command)
        $examples = Split-Sections -Lines $sections['EXAMPLES'] -Prefix '###'
        if ($examples.Count -eq 0) { $problems.Add("$($command.Name): no example") }
        foreach ($title in $examples.Keys) {
            $body = $examples[$title] -join "`n"
            if ($body -notmatch '(?s)```powershell\n(.*?)\n```(.*)$') { $problems.Add("$($command.Name): example '$title' has no powershell code block"); continue }
            $writer.WriteStartElement('command', 'example', $ns.command)
            $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- $title --------------------------")
            $writer.WriteElementString('dev', 'code', $ns.dev, $Matches[1])
            $writer.WriteStartElement('dev', 'remarks', $ns.dev)
            Add-Paras $writer (ConvertTo-Paragraphs ($Matches[2] -split "`n"))
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
        $links = if ($sections.Contains('RELATED LINKS')) { @($sections['RELATED LINKS'] | Where-Object { $_ -match '^\s*-\s+\S' } | ForEach-Object { ($_ -replace '^\s*-\s+', '').Trim() }) } else { @() }
        foreach ($link in @($links) + 'about_SecureMailOps' | Select-Object -Unique) {
            $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $writer.WriteElementString('maml', 'linkText', $ns.maml, $link)
            $writer.WriteElementString('maml', 'uri', $ns.maml, '')
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}
finally {
    $writer.Dispose()
}

if ($problems.Count) {
    Remove-Item $temp -ErrorAction SilentlyContinue
    $problems | ForEach-Object { Write-Host "help: $_" }
    exit 1
}
Move-Item -Force $temp $OutputPath
exit 0
