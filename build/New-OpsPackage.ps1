#Requires -Version 7.4
<#
.SYNOPSIS
    Packs the published module as OpsModule.<version>.nupkg, the package PSResourceGet installs (Install-PSResource, Save-PSResource).
.DESCRIPTION
    Called by `./build.ps1 Package` after the module is published. Stages the module folder without debug symbols, checks the manifest
    with Test-ModuleManifest, and lets Publish-PSResource write the package into a temporary local repository, so the package is
    exactly what a gallery would accept. Writes the package to -OutputFolder and returns its path.
#>
[CmdletBinding()]
[OutputType([string])]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $OutputFolder
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$manifest = Test-ModuleManifest -Path (Join-Path $ModuleFolder 'OpsModule.psd1')
$work = Join-Path ([IO.Path]::GetTempPath()) "opsmodule-package-$PID"
$staged = Join-Path $work 'OpsModule'
$repository = "OpsModulePackage$PID"
try {
    New-Item -ItemType Directory -Path $staged, (Join-Path $work 'repository') -Force | Out-Null
    Copy-Item -Path (Join-Path $ModuleFolder '*') -Destination $staged -Recurse -Exclude '*.pdb'
    Register-PSResourceRepository -Name $repository -Uri (Join-Path $work 'repository') -Trusted
    Publish-PSResource -Path $staged -Repository $repository -SkipDependenciesCheck
    New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
    $package = Join-Path $OutputFolder "OpsModule.$($manifest.Version).nupkg"
    Copy-Item -Path (Join-Path $work 'repository' "OpsModule.$($manifest.Version).nupkg") -Destination $package -Force
    $package
}
finally {
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
