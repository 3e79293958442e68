#Requires -Version 7.4
# The README's and docs/' examples as tests: extraction from the markdown, and the few documented substitutions that make an
# example written for an admin's Windows machine and company network run against the sandbox. Used by Examples.Tests.ps1;
# the rules are listed in tests/OpsModule.Pester/README.md.

Set-StrictMode -Version Latest

function Get-OpsMarkdownExample {
    <#
    .SYNOPSIS
        Every ```powershell block of a markdown file, as the code an admin would type, named by the file and its heading.
    .DESCRIPTION
        A block whose lines start with `PS>` is a session: only those lines are code (without the prompt), plus the lines that
        continue them (after a line ending in | or a backtick); the other lines are the output it shows. Any other block is a
        script and runs whole. Blocks of other languages (bash, yaml, plain output) are not examples.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        # How the file is named in test names, e.g. docs/Get-OpsHealth.md.
        [Parameter(Mandatory)] [string] $Name
    )
    $lines = Get-Content -LiteralPath $Path
    $heading = ''
    $fence = $null
    $block = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($null -eq $fence) {
            if ($line -match '^(#{1,6})\s+(.+?)\s*$') { $heading = $Matches[2] }
            elseif ($line -match '^(```+|~~~+)\s*(\S*)') {
                $fence = $Matches[1]
                $block = ($Matches[2] -eq 'powershell') ? [System.Collections.Generic.List[string]]::new() : $null
                $start = $i + 1
            }
            continue
        }
        if ($line.TrimEnd() -eq $fence) {
            if ($block) {
                $code = ConvertFrom-OpsSessionText $block
                [pscustomobject]@{
                    Name    = "$Name`: $heading"
                    File    = $Name
                    Heading = $heading
                    Line    = $start + 1
                    Code    = $code
                }
            }
            $fence = $null
            $block = $null
            continue
        }
        if ($null -ne $block) { $block.Add($line) }
    }
}

function ConvertFrom-OpsSessionText {
    param([System.Collections.Generic.List[string]] $Lines)
    if (-not ($Lines | Where-Object { $_ -match '^\s*PS>\s?' })) { return ($Lines -join "`n").Trim() }
    $code = [System.Collections.Generic.List[string]]::new()
    $continues = $false
    foreach ($line in $Lines) {
        if ($line -match '^\s*PS>\s?(.*)$') { $code.Add($Matches[1]) }
        elseif ($continues) { $code.Add($line) }
        else { continue }
        $continues = $code[-1] -match '(\||`)\s*$'
    }
    ($code -join "`n").Trim()
}

function Get-OpsDocumentationExample {
    <#
    .SYNOPSIS
        The examples of README.md and docs/*.md of a repository, in the order a reader meets them; names made unique.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [string] $Root)
    $files = @(Join-Path $Root 'README.md') + @(Get-ChildItem -Path (Join-Path $Root 'docs') -Filter '*.md' | Sort-Object Name | ForEach-Object FullName)
    $seen = @{}
    foreach ($file in $files) {
        $relative = [IO.Path]::GetRelativePath($Root, $file).Replace('\', '/')
        foreach ($example in Get-OpsMarkdownExample -Path $file -Name $relative) {
            $count = ++$seen[$example.Name]
            if ($count -gt 1) { $example.Name += " ($count)" }
            $example
        }
    }
}

function ConvertTo-OpsSandboxExample {
    <#
    .SYNOPSIS
        An example's code with the sandbox's substitutions applied (see tests/OpsModule.Pester/README.md).
    .DESCRIPTION
        - Windows paths (D:\Backups\…, \\nas\share\…) become folders under -PathRoot (D/Backups/…, nas/share/…).
        - A backup id in such a path (20261121T020000Z-a1b2c3d4) becomes the id of the newest backup in that folder.
        - The host of a connection string (Host=pg.internal) becomes the sandbox PostgreSQL's host and port.
        - An https S3 endpoint (-StorageEndpoint or -S3Endpoint https://minio.internal:9000) becomes the sandbox s3rver's endpoint.
        - Azurite's default endpoint (http://127.0.0.1:10000/devstoreaccount1) becomes the sandbox Azurite's.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Code,
        [Parameter(Mandatory)] [string] $PathRoot,
        [Parameter(Mandatory)] [string] $PostgresHost,
        [Parameter(Mandatory)] [string] $PostgresPort,
        [Parameter(Mandatory)] [string] $S3Endpoint,
        [string] $AzureEndpoint
    )
    $root = $PathRoot.TrimEnd('/', '\')
    $mapped = [regex]::Replace($Code, '(?<![\w\\])(?:(?<drive>[A-Za-z]):\\|\\\\(?<server>[\w.-]+)\\)(?<rest>[^\s''"]*)', {
            param($match)
            $top = $match.Groups['drive'].Success ? $match.Groups['drive'].Value : $match.Groups['server'].Value
            $path = "$root/$top/" + $match.Groups['rest'].Value.Replace('\', '/')
            Resolve-OpsBackupId $path
        })
    $mapped = [regex]::Replace($mapped, '(?i)\bHost=[^;''"\s]+', "Host=$PostgresHost;Port=$PostgresPort")
    $mapped = [regex]::Replace($mapped, '(?i)(-(?:S3|Storage)Endpoint\s+)https://[^\s''"]+', "`${1}$S3Endpoint")
    if ($AzureEndpoint) { $mapped = $mapped.Replace('http://127.0.0.1:10000/devstoreaccount1', $AzureEndpoint) }
    $mapped
}

# A backup folder named by its id in an example (yyyyMMddTHHmmssZ-xxxxxxxx) stands for the newest backup in the same place.
function Resolve-OpsBackupId([string] $Path) {
    $match = [regex]::Match($Path, '^(?<parent>.*)/\d{8}T\d{6}Z-[0-9a-z]{8}(?<after>/.*)?$')
    if (-not $match.Success) { return $Path }
    $parent = $match.Groups['parent'].Value
    $newest = Get-ChildItem -LiteralPath $parent -Directory -ErrorAction Ignore | Sort-Object Name | Select-Object -Last 1
    if (-not $newest) { return $Path }
    "$parent/$($newest.Name)$($match.Groups['after'].Value)"
}

function Get-OpsExampleRoot {
    <#
    .SYNOPSIS
        The top folders of every Windows path the examples name (D/Backups, D/reports, nas/pg-backups …), relative to the path root.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string[]] $Code)
    $found = foreach ($text in $Code) {
        foreach ($match in [regex]::Matches($text, '(?<![\w\\])(?:(?<drive>[A-Za-z]):\\|\\\\(?<server>[\w.-]+)\\)(?<first>[^\s''"\\$]+)')) {
            $top = $match.Groups['drive'].Success ? $match.Groups['drive'].Value : $match.Groups['server'].Value
            "$top/$($match.Groups['first'].Value)"
        }
    }
    $found | Sort-Object -Unique
}

Export-ModuleMember -Function Get-OpsMarkdownExample, Get-OpsDocumentationExample, ConvertTo-OpsSandboxExample, Get-OpsExampleRoot
