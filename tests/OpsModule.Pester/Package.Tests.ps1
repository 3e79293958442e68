# Issue 13: the package PSResourceGet installs, installed and used as an admin would.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
    $build = Invoke-OpsScript -Script "Set-Location '$env:OPSTEST_ROOT'; ./build.ps1 Package" -WorkingDirectory $env:OPSTEST_ROOT -Timeout ([timespan]::FromMinutes(5))
    $script:version = (Import-PowerShellDataFile $env:OPSTEST_MODULE).ModuleVersion
    $script:package = Join-Path $env:OPSTEST_ROOT 'artifacts' "OpsModule.$version.nupkg"
    $script:buildRun = $build
}

Describe 'build.ps1 Package' {
    It 'writes OpsModule.<version>.nupkg' {
        $buildRun.ExitCode | Should -Be 0 -Because $buildRun.Output
        Test-Path $package | Should -BeTrue
    }

    It 'holds the manifest, the format file, the help, the licence, the release notes and the assemblies; no symbols, tests or build files' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try { $files = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        foreach ($expected in 'OpsModule.psd1', 'OpsModule.Format.ps1xml', 'OpsModule.dll', 'dependencies/OpsModule.Core.dll', 'en-US/OpsModule.dll-Help.xml',
            'dependencies/net8.0-win-x64/OpsModule.Core.dll', 'dependencies/net10.0-win-x64/KubernetesClient.dll', 'dependencies/net10.0-linux-x64/YamlDotNet.dll',
            'en-US/about_OpsModule.help.txt', 'LICENSE', 'RELEASENOTES.md') {
            $files | Should -Contain $expected
        }
        $files | Where-Object { $_ -match '\.pdb$|\.Tests\.|TestCluster|Sandbox|HelpGenerator|System\.Management\.Automation\.dll|Newtonsoft\.Json\.dll' } |
            Should -BeNullOrEmpty
    }

    It 'has a manifest that Test-ModuleManifest accepts, with the version from the one place it is written' {
        $manifest = Test-ModuleManifest -Path $env:OPSTEST_MODULE
        $manifest.Version | Should -Be ([version]$version)
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.ExportedCmdlets.Keys | Should -Not -BeNullOrEmpty
        (Get-Item (Join-Path (Split-Path $env:OPSTEST_MODULE) 'OpsModule.dll')).VersionInfo.ProductVersion | Should -BeLike "$version*"
    }
}

Describe 'Install-PSResource from a folder repository' {
    It 'installs, imports by name in a fresh pwsh, runs a cmdlet, and uninstalls' {
        $repository = New-OpsTestFolder -Prefix repo
        Copy-Item $package $repository
        $home_ = New-OpsTestFolder -Prefix home
        $store = New-OpsTestFolder -Prefix store
        $script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name OpsLocal -Uri '$repository' -Trusted
Install-PSResource -Name OpsModule -Repository OpsLocal -Scope CurrentUser -TrustRepository
`$installed = Get-InstalledPSResource -Name OpsModule
'installed ' + `$installed.Version + ' at ' + `$installed.InstalledLocation
Import-Module OpsModule
'imported from ' + (Get-Module OpsModule).ModuleBase
@(Get-OpsBackup -Store '$store').Count
Uninstall-PSResource -Name OpsModule -Scope CurrentUser
'left ' + @(Get-InstalledPSResource -Name OpsModule -ErrorAction SilentlyContinue).Count
"@
        # A home of its own: the user's real module folder and repository list are never touched.
        $run = Invoke-OpsScript -Script $script -Environment @{ HOME = $home_; XDG_DATA_HOME = "$home_/.local/share"; XDG_CONFIG_HOME = "$home_/.config"; XDG_CACHE_HOME = "$home_/.cache"; PSModulePath = $null }
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match "installed $([regex]::Escape($version)) at $([regex]::Escape($home_))"
        $run.Output | Should -Match "imported from $([regex]::Escape($home_)).*OpsModule"
        $run.Output | Should -Match 'left 0'
    }
}
