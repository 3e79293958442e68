#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages OpsModule. Each task wraps exactly the dotnet command documented in README.md.
.EXAMPLE
    ./build.ps1                 # Build: lays out the importable module in module/OpsModule
    ./build.ps1 -Task Test      # runs the test suite
    ./build.ps1 -Task Package   # Build, then artifacts/OpsModule-<version>.zip
    ./build.ps1 -Task Clean
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repoRoot = $PSScriptRoot
$moduleDir = Join-Path $repoRoot 'module' 'OpsModule'
$manifestPath = Join-Path $moduleDir 'OpsModule.psd1'

function Invoke-Dotnet {
    param([Parameter(Mandatory)] [string[]] $Arguments)
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Invoke-Dotnet 'publish', 'src/OpsModule', '-c', $Configuration
    Write-Host "Module ready: $moduleDir"
    Write-Host "Import it with: Import-Module '$manifestPath'"
}

function Invoke-Test {
    Invoke-Dotnet 'test', 'tests/OpsModule.Tests', '-c', 'Release'
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
    $artifacts = Join-Path $repoRoot 'artifacts'
    New-Item -ItemType Directory -Path $artifacts -Force | Out-Null
    $zip = Join-Path $artifacts "OpsModule-$version.zip"
    # The zip holds the OpsModule folder itself, so unpacking it into a PSModulePath entry installs the module.
    Compress-Archive -Path $moduleDir -DestinationPath $zip -Force
    Write-Host "Package: $zip"
    Write-Host "To publish to a gallery instead: Publish-Module -Path '$moduleDir' -Repository <name> -NuGetApiKey <key>"
}

function Invoke-Clean {
    Invoke-Dotnet 'clean', 'src/OpsModule', '-c', $Configuration
    Invoke-Dotnet 'clean', 'tests/OpsModule.Tests', '-c', 'Release'
    # Remove the publish output laid beside the manifest; the manifest and the format file are sources and stay.
    Get-ChildItem -Path $moduleDir -Force |
        Where-Object { $_.Name -notin 'OpsModule.psd1', 'OpsModule.Format.ps1xml' } |
        Remove-Item -Recurse -Force
    Write-Host "Cleaned build output from $moduleDir"
}

Push-Location $repoRoot
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
