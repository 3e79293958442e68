#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages OpsModule. Each task wraps exactly the dotnet command documented in README.md.
.EXAMPLE
    ./build.ps1                 # Build: lays out the importable module in module/OpsModule
    ./build.ps1 -Task Test      # xunit, then the published module's Pester suite; one line sums both
    ./build.ps1 -Task Demo      # Build, then the health checklist, a backup and a switch plan against a throwaway sandbox cluster
    ./build.ps1 -Task Package   # Build, then artifacts/OpsModule.<version>.nupkg for Install-PSResource
    ./build.ps1 -Task Clean
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repoRoot = $PSScriptRoot
$moduleDir = Join-Path $repoRoot 'module' 'OpsModule'
$manifestPath = Join-Path $moduleDir 'OpsModule.psd1'
$script:testsFailed = $false

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

# Runs a command, echoing its output, and returns its exit code and output lines.
function Invoke-Logged {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $Arguments)
    Write-Host "$FilePath $($Arguments -join ' ')" -ForegroundColor Cyan
    $lines = [System.Collections.Generic.List[string]]::new()
    $ErrorActionPreference = 'Continue'
    & $FilePath @Arguments 2>&1 | ForEach-Object { $line = "$_"; $lines.Add($line); Write-Host $line }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Lines = $lines }
}

# Counts of one runner; a runner that failed without reporting a failed test counts as one failure, so it can never pass silently.
function Get-RunnerCount {
    param([string] $Name, $Run, [string] $Pattern, [int] $PassedGroup, [int] $FailedGroup, [int] $SkippedGroup)
    $match = $Run.Lines | Select-String -Pattern $Pattern | Select-Object -Last 1
    $count = [pscustomobject]@{ Name = $Name; Passed = 0; Failed = 0; Skipped = 0 }
    if ($match) {
        $groups = $match.Matches[0].Groups
        $count.Passed = [int] $groups[$PassedGroup].Value
        $count.Failed = [int] $groups[$FailedGroup].Value
        $count.Skipped = $groups[$SkippedGroup].Success ? [int] $groups[$SkippedGroup].Value : 0
    }
    if ($Run.ExitCode -ne 0 -and $count.Failed -eq 0) {
        Write-Host "$Name exited with $($Run.ExitCode) without a failed test to show for it: counted as one failure." -ForegroundColor Red
        $count.Failed = 1
    }
    $count
}

# xunit (dotnet test), then the module as published, then the Pester suite in real pwsh; one line sums both runners.
function Invoke-Test {
    $xunitRun = Invoke-Logged -FilePath 'dotnet' -Arguments 'test', 'tests/OpsModule.Tests', '-c', 'Release'
    $xunit = Get-RunnerCount -Name 'xunit' -Run $xunitRun -Pattern 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)' -FailedGroup 1 -PassedGroup 2 -SkippedGroup 3

    Invoke-Build | Out-Host
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (-not (Test-Path -LiteralPath $pwsh)) { $pwsh = (Get-Process -Id $PID).Path }
    $pesterRun = Invoke-Logged -FilePath $pwsh -Arguments '-NoProfile', '-File', (Join-Path $repoRoot 'tests' 'OpsModule.Pester' 'Invoke-OpsPester.ps1')
    $pester = Get-RunnerCount -Name 'Pester' -Run $pesterRun -Pattern '^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$' -PassedGroup 1 -FailedGroup 2 -SkippedGroup 3

    foreach ($runner in $xunit, $pester) {
        Write-Host "$($runner.Name): $($runner.Passed) passed, $($runner.Failed) failed, $($runner.Skipped) skipped"
    }
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    if ($skipped -gt 0 -and $env:CI -eq 'true') {
        Write-Host 'CI=true: tests were skipped; every dependency must be present in CI.' -ForegroundColor Red
    }
    # The last line, summing both runners (.ci/run ends on it).
    Write-Host ("$passed passed, $failed failed" + $(if ($skipped) { ", $skipped skipped" } else { '' }))
    $script:testsFailed = $failed -gt 0 -or ($skipped -gt 0 -and $env:CI -eq 'true')
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Dotnet 'build', 'tests/OpsModule.Sandbox', '-c', 'Release', '--nologo', '-v', 'quiet'
    $sandbox = Join-Path $repoRoot 'tests' 'OpsModule.Sandbox' 'bin' 'Release' 'net10.0' 'OpsModule.Sandbox.dll'
    & (Join-Path $repoRoot 'build' 'Invoke-OpsDemo.ps1') -ManifestPath $manifestPath -SandboxAssembly $sandbox
}

function Invoke-Package {
    Invoke-Build
    $package = & (Join-Path $repoRoot 'build' 'New-OpsPackage.ps1') -ModuleFolder $moduleDir -OutputFolder (Join-Path $repoRoot 'artifacts')
    Write-Host "Package: $package ($([math]::Round((Get-Item $package).Length / 1MB, 1)) MB)"
    Write-Host "Install it from a folder repository: Register-PSResourceRepository -Name local -Uri <folder>; Install-PSResource OpsModule -Repository local"
}

function Invoke-Clean {
    Invoke-Dotnet 'clean', 'src/OpsModule', '-c', $Configuration
    Invoke-Dotnet 'clean', 'tests/OpsModule.Tests', '-c', 'Release'
    # Remove the publish output laid beside the manifest; the manifest and the format file are sources and stay.
    Get-ChildItem -Path $moduleDir -Force |
        Where-Object { $_.Name -notin 'OpsModule.psd1', 'OpsModule.Format.ps1xml', 'LICENSE', 'RELEASENOTES.md' } |
        Remove-Item -Recurse -Force
    Write-Host "Cleaned build output from $moduleDir"
}

Push-Location $repoRoot
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
if ($script:testsFailed) { exit 1 }
