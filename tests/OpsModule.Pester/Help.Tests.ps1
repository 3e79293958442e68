# In-shell help: for every exported cmdlet, Get-Help shows what docs/<cmdlet>.md says (synopsis, examples, every parameter), and
# Get-Help about_OpsModule finds the module's about topic. Needs no cluster: only the published module and the repository's docs/.

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile -Path $env:OPSTEST_MODULE
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:repoRoot = if ($env:OPSTEST_ROOT) { $env:OPSTEST_ROOT } else { (Resolve-Path "$PSScriptRoot/../..").Path }
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'

    # The parts of a docs/ page the help must show, read the plain way a reader sees them (not with the generator under test).
    function Read-DocPage {
        param([string] $Path)
        $sections = [ordered]@{}
        $current = $null
        $inCode = $false
        foreach ($line in Get-Content -LiteralPath $Path) {
            if ($line.TrimStart().StartsWith('```')) { $inCode = -not $inCode }
            elseif (-not $inCode -and $line -match '^## (.+)$') { $current = $Matches[1].Trim(); $sections[$current] = [System.Collections.Generic.List[string]]::new(); continue }
            if ($current) { $sections[$current].Add($line) }
        }

        $examples = @()
        $title = $null; $code = $null; $inCode = $false
        foreach ($line in $sections['EXAMPLES']) {
            if (-not $inCode -and $line -match '^### (.+)$') { $title = $Matches[1].Trim(); $code = $null; continue }
            if ($line.TrimStart().StartsWith('```')) {
                if (-not $inCode -and $title -and $null -eq $code) { $inCode = $true; $code = [System.Collections.Generic.List[string]]::new(); continue }
                if ($inCode) { $inCode = $false; $examples += [pscustomobject]@{ Title = $title; Code = ($code -join "`n") }; $title = $null; continue }
                continue
            }
            if ($inCode) { $code.Add($line) }
        }

        [pscustomobject]@{
            Synopsis   = (($sections['SYNOPSIS'] | Where-Object { $_.Trim() }) -join ' ').Trim()
            Examples   = $examples
            Parameters = @($sections['PARAMETERS'] | Where-Object { $_ -match '^### -(\w+)\s*$' } | ForEach-Object { $_.Substring(5).Trim() })
        }
    }

    function Get-Words([string] $Text) { ($Text -replace '\s+', ' ').Trim() }
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $doc = Read-DocPage -Path (Join-Path $repoRoot "docs/$Name.md")
        $help = Get-Help $Name -Full
        $command = Get-Command $Name -Module OpsModule
    }

    It 'comes from the module''s help file, not from the cmdlet''s metadata' {
        $help.description | Should -Not -BeNullOrEmpty -Because 'help built only from metadata has no description'
        $help.ModuleName | Should -Be 'OpsModule'
    }

    It 'has the synopsis of its page' {
        $help.Synopsis | Should -Not -BeIn @('', '…', '...')
        Get-Words $help.Synopsis | Should -BeExactly (Get-Words $doc.Synopsis)
    }

    It 'shows every example of its page with -Examples, code exactly as written' {
        $doc.Examples.Count | Should -BeGreaterOrEqual 2
        $shown = @((Get-Help $Name -Examples).examples.example)
        $shown.Count | Should -Be $doc.Examples.Count
        for ($i = 0; $i -lt $doc.Examples.Count; $i++) {
            $shown[$i].title | Should -Match ([regex]::Escape($doc.Examples[$i].Title))
            ($shown[$i].code -replace "`r`n", "`n").Trim() | Should -BeExactly $doc.Examples[$i].Code.Trim()
            (@($shown[$i].remarks.Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "$($doc.Examples[$i].Title) needs remarks"
        }

        $text = Get-Help $Name -Examples | Out-String -Width 400
        foreach ($example in $doc.Examples) {
            $text | Should -Match ([regex]::Escape(($example.Code -split "`n")[0].Trim()))
        }
    }

    It 'describes every parameter with -Parameter *, aliases as the cmdlet has them' {
        $actual = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object)
        $described = @(Get-Help $Name -Parameter * | ForEach-Object name)
        $described | Sort-Object | Should -Be $actual
        $doc.Parameters | Sort-Object | Should -Be $actual
        foreach ($parameter in Get-Help $Name -Parameter *) {
            (@($parameter.description.Text) -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
            $aliases = @($command.Parameters[$parameter.name].Aliases | Sort-Object)
            $shownAliases = if ($parameter.aliases -eq 'none') { @() } else { @($parameter.aliases -split ',\s*' | Sort-Object) }
            $shownAliases | Should -Be $aliases -Because "-$($parameter.name)'s aliases"
        }
    }

    It 'has one syntax per parameter set, with the parameters PowerShell binds in that set' {
        $syntax = @($help.syntax.syntaxItem | ForEach-Object { (@($_.parameter.name) | Sort-Object) -join ',' })
        $sets = @($command.ParameterSets | ForEach-Object { (@($_.Parameters.Name | Where-Object { $_ -notin $common }) | Sort-Object) -join ',' })
        $syntax.Count | Should -Be $sets.Count
        foreach ($set in $sets) { $syntax | Should -Contain $set }
    }
}

Describe 'Get-Help about_OpsModule' {
    BeforeAll {
        $page = Get-Content -Raw -LiteralPath (Join-Path $repoRoot 'docs/about_OpsModule.md')
        $short = [regex]::Match($page, '(?ms)^## SHORT DESCRIPTION\s*\n(.+?)\n\s*\n').Groups[1].Value
    }

    It 'finds the topic and shows its text' {
        $topic = Get-Help about_OpsModule -ErrorAction Stop | Out-String
        $topic | Should -Match '(?m)^TOPIC\s*$'
        $topic | Should -Match '(?m)^\s+about_OpsModule\s*$'
        $short | Should -Not -BeNullOrEmpty
        Get-Words $topic | Should -BeLike "*SHORT DESCRIPTION $(Get-Words $short)*"
        $topic | Should -Match '(?m)^LONG DESCRIPTION\s*$'
    }

    It 'is listed among the help topics' {
        @(Get-Help -Name about_Ops* -Category HelpFile | ForEach-Object Name) | Should -Contain 'about_OpsModule'
    }
}
