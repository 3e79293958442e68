#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite against the published module and a sandbox cluster, and prints one line "N passed, N failed".
.DESCRIPTION
    The module must already be published (dotnet publish src/OpsModule -c Release, or ./build.ps1). This script:
    1. checks the tools the sandbox and the tests need (dotnet, kubectl, psql, node), and finds Pester 6.2.0 in the NuGet packages
       folder (NUGET_PACKAGES, else ~/.nuget/packages), restoring tests/OpsModule.Pester/OpsModule.Pester.csproj when it is missing;
    2. builds tests/OpsModule.Sandbox and starts it (dotnet <dll> --postgres --s3 --azurite), waiting for its READY line;
    3. sets the environment the test files rely on (tests/OpsModule.Pester/README.md), runs Invoke-Pester on the *.Tests.ps1 files
       (or -Path), with NUnit XML results in TestResults/Pester.xml;
    4. stops the sandbox and removes $env:OPSTEST_TEMP, then prints "N passed, N failed" (", N skipped" when any were) and exits 1
       on any failure, and under CI=true on any skipped test too.
.EXAMPLE
    dotnet pwsh tests/OpsModule.Pester/Invoke-OpsPester.ps1
.EXAMPLE
    dotnet pwsh tests/OpsModule.Pester/Invoke-OpsPester.ps1 -Path tests/OpsModule.Pester/Get-OpsHealth.Tests.ps1 -FullNameFilter '*namespace*'
.EXAMPLE
    dotnet pwsh tests/OpsModule.Pester/Invoke-OpsPester.ps1 -Sandbox /tmp/ops-sandbox/environment.json -Path tests/OpsModule.Pester/Switch-BlueGreen.Tests.ps1
#>
[CmdletBinding()]
param(
    # Test files or folders (default: every *.Tests.ps1 beside this script).
    [string[]] $Path,

    # Only tests whose full name (Describe, Context, It) matches one of these wildcards.
    [string[]] $FullNameFilter,

    # The published module manifest (default: module/OpsModule/OpsModule.psd1 of this repository).
    [string] $Module,

    # How long the sandbox may take to print READY.
    [int] $SandboxTimeoutSec = 180,

    # Where the NUnit XML results go.
    [string] $ResultPath,

    # The environment.json of a sandbox you started yourself (dotnet run --project tests/OpsModule.Sandbox -- --dir X --postgres --s3 --azurite),
    # to run tests again and again without starting one each time. It is left running.
    [string] $Sandbox
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$onCi = $env:CI -eq 'true'
if (-not $Module) { $Module = Join-Path $repoRoot 'module' 'OpsModule' 'OpsModule.psd1' }
if (-not $ResultPath) { $ResultPath = Join-Path $repoRoot 'TestResults' 'Pester.xml' }
# `pwsh -File` passes "a,b" as one string: split it, so a list works from any shell.
$Path = @(if ($Path) { $Path -split ',' | Where-Object { $_ } } else { $PSScriptRoot })
if ($FullNameFilter) { $FullNameFilter = @($FullNameFilter -split ',' | Where-Object { $_ }) }

function Assert-Tool {
    param([string] $Name, [string] $Install)
    if (-not (Get-Command -Name $Name -CommandType Application -ErrorAction Ignore)) {
        $prefix = $onCi ? 'CI=true: the CI machine lacks' : 'Missing'
        throw "$prefix '$Name', which the Pester suite needs. $Install"
    }
}

function Find-Pester {
    $roots = @($env:NUGET_PACKAGES, (Join-Path $HOME '.nuget' 'packages')) | Where-Object { $_ }
    foreach ($root in $roots) {
        $manifest = Join-Path $root 'pester' '6.2.0' 'tools' 'Pester.psd1'
        if (Test-Path -LiteralPath $manifest) { return $manifest }
    }
    # A NuGet.config may move the packages folder: ask NuGet itself.
    $listed = & dotnet nuget locals global-packages --list 2>$null | Select-String -Pattern 'global-packages:\s*(.+)$'
    if ($listed) {
        $manifest = Join-Path $listed.Matches[0].Groups[1].Value.Trim() 'pester' '6.2.0' 'tools' 'Pester.psd1'
        if (Test-Path -LiteralPath $manifest) { return $manifest }
    }
    $null
}

function Invoke-Dotnet {
    param([string[]] $Arguments)
    $output = & dotnet @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed ($LASTEXITCODE):`n$($output -join "`n")" }
}

$sandboxDll = Join-Path $repoRoot 'tests' 'OpsModule.Sandbox' 'bin' 'Release' 'net10.0' 'OpsModule.Sandbox.dll'

# True when the sandbox was never built or a source it compiles (its own, the test cluster's, Core's, the shared test files) is newer.
function Test-SandboxStale {
    if (-not (Test-Path -LiteralPath $sandboxDll)) { return $true }
    $built = (Get-Item -LiteralPath $sandboxDll).LastWriteTimeUtc
    $sources = 'tests/OpsModule.Sandbox', 'tests/OpsModule.TestCluster', 'src/OpsModule.Core', 'tests/OpsModule.Tests/Support',
    'tests/OpsModule.Tests/Health/RunbookApps.cs', 'Directory.Build.props', 'Directory.Packages.props'
    $newer = Get-ChildItem -Path ($sources | ForEach-Object { Join-Path $repoRoot $_ }) -Recurse -File -Include '*.cs', '*.csproj', '*.props' |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } |
        Select-Object -First 1
    $null -ne $newer
}

function Start-Sandbox {
    param([string] $Directory)
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $sandboxDll, '--dir', $Directory, '--postgres', '--s3', '--azurite') { $start.ArgumentList.Add($argument) }
    $start.WorkingDirectory = $repoRoot
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds($SandboxTimeoutSec)
    while ($true) {
        $line = $process.StandardOutput.ReadLineAsync()
        $left = [Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        if (-not $line.Wait([int] $left)) {
            Stop-Sandbox $process
            throw "The sandbox did not print READY within $SandboxTimeoutSec s. Its standard error:`n$($errors.Result)"
        }
        if ($null -eq $line.Result) {
            $process.WaitForExit()
            throw "The sandbox exited ($($process.ExitCode)) before it was ready:`n$($errors.Result)"
        }
        if ($line.Result -match '^READY (.+)$') {
            return [pscustomobject]@{ Process = $process; Environment = $Matches[1]; Errors = $errors }
        }
    }
}

function Stop-Sandbox {
    param([System.Diagnostics.Process] $Process)
    if ($Process.HasExited) { return }
    # The end of its standard input stops the sandbox cleanly (servers stopped, files deleted); a kill is the fallback.
    try { $Process.StandardInput.Close() } catch [System.IO.IOException] { }
    if (-not $Process.WaitForExit(30000)) {
        Write-Warning 'The sandbox did not stop within 30 s; killing it.'
        $Process.Kill($true)
        $Process.WaitForExit()
    }
}

$variables = 'OPSTEST_MODULE', 'OPSTEST_ROOT', 'OPSTEST_TEMP', 'OPSTEST_ENVIRONMENT', 'KUBECONFIG',
'OPSTEST_PG_HOST', 'OPSTEST_PG_PORT', 'OPSTEST_PG_USER', 'OPSTEST_PG_PASSWORD', 'OPSTEST_PG_BINDIR', 'OPSTEST_S3_ENDPOINT',
'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_ENDPOINT_URL_S3', 'OPSTEST_AZURE_ENDPOINT', 'OPSTEST_AZURE_ACCOUNT',
'OPSTEST_AZURE_KEY', 'PSModulePath'
$savedEnvironment = @{}
foreach ($name in $variables) { $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }

$started = $null
$temp = $null
$result = $null
$watch = [System.Diagnostics.Stopwatch]::StartNew()
try {
    if (-not (Test-Path -LiteralPath $Module)) {
        throw "The module is not published at $Module. Publish it first: dotnet publish src/OpsModule -c Release (or ./build.ps1)."
    }
    $Module = (Resolve-Path -LiteralPath $Module).Path
    Assert-Tool dotnet 'Install the .NET SDK.'
    Assert-Tool kubectl 'Install kubectl (Debian: apt-get install kubernetes-client), as .ci/run does.'
    Assert-Tool psql 'Install the PostgreSQL 15 client and server (Debian: apt-get install postgresql postgresql-client), as .ci/run does.'
    Assert-Tool node 'Install Node.js and npm (Debian: apt-get install nodejs npm), as .ci/run does; s3rver and Azurite run on it.'

    $pester = Find-Pester
    if (-not $pester) {
        Write-Host 'Restoring Pester 6.2.0 (tests/OpsModule.Pester/OpsModule.Pester.csproj)'
        Invoke-Dotnet 'restore', (Join-Path $PSScriptRoot 'OpsModule.Pester.csproj'), '--nologo', '-v', 'quiet'
        $pester = Find-Pester
        if (-not $pester) { throw 'Pester 6.2.0 is not in the NuGet packages folder even after restoring tests/OpsModule.Pester/OpsModule.Pester.csproj.' }
    }

    $temp = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "opspester-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    if ($Sandbox) {
        $environmentPath = (Resolve-Path -LiteralPath $Sandbox).Path
    }
    else {
        if (Test-SandboxStale) {
            Write-Host 'Building the sandbox (tests/OpsModule.Sandbox)'
            Invoke-Dotnet 'build', (Join-Path $repoRoot 'tests' 'OpsModule.Sandbox'), '-c', 'Release', '--nologo', '-v', 'quiet'
        }
        Write-Host 'Starting the sandbox (test cluster, PostgreSQL, s3rver, Azurite)'
        $started = Start-Sandbox -Directory (Join-Path $temp 'sandbox')
        $environmentPath = $started.Environment
    }
    $environment = Get-Content -LiteralPath $environmentPath -Raw | ConvertFrom-Json
    if (-not $environment.postgres -or -not $environment.s3 -or -not $environment.azure) {
        throw "The sandbox of $environmentPath runs without PostgreSQL, s3rver or Azurite; the suite needs all three (--postgres --s3 --azurite)."
    }
    Write-Host "Sandbox ready after $([int] $watch.Elapsed.TotalSeconds) s: namespaces $($environment.namespaces -join ', ')"

    $env:OPSTEST_MODULE = $Module
    $env:OPSTEST_ROOT = $repoRoot
    $env:OPSTEST_TEMP = $temp
    $env:OPSTEST_ENVIRONMENT = $environmentPath
    $env:KUBECONFIG = $environment.kubeConfig
    $env:OPSTEST_PG_HOST = $environment.postgres.host
    $env:OPSTEST_PG_PORT = [string] $environment.postgres.port
    $env:OPSTEST_PG_USER = $environment.postgres.user
    $env:OPSTEST_PG_PASSWORD = $environment.postgres.password
    $env:OPSTEST_PG_BINDIR = $environment.postgres.binDirectory
    $env:OPSTEST_S3_ENDPOINT = $environment.s3.endpoint
    $env:AWS_ACCESS_KEY_ID = $environment.s3.accessKey
    $env:AWS_SECRET_ACCESS_KEY = $environment.s3.secretKey
    $env:AWS_REGION = $environment.s3.region
    $env:AWS_ENDPOINT_URL_S3 = $environment.s3.endpoint
    $env:OPSTEST_AZURE_ENDPOINT = $environment.azure.endpoint
    $env:OPSTEST_AZURE_ACCOUNT = $environment.azure.account
    $env:OPSTEST_AZURE_KEY = $environment.azure.accountKey
    # `Import-Module OpsModule` (as the docs' scripts write it) finds the published module first.
    $env:PSModulePath = (Split-Path (Split-Path $Module)) + [IO.Path]::PathSeparator + $env:PSModulePath

    Import-Module $pester -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    # Plain text in logs (CI, build.ps1 capturing the output); colours in a terminal.
    if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
    if ($FullNameFilter) { $configuration.Filter.FullName = $FullNameFilter }
    New-Item -ItemType Directory -Path (Split-Path $ResultPath) -Force | Out-Null
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    if ($started) { Stop-Sandbox $started.Process }
    foreach ($name in $variables) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    if ($temp) { Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue }
}

if (-not $result -or -not $result.PSObject.Properties['PassedCount']) {
    Write-Output '0 passed, 1 failed'
    Write-Host 'Pester did not finish its run (see its error above).'
    exit 1
}

# A file that failed to load or a failed BeforeAll/AfterAll counts as a failure too, so nothing breaks silently.
$passed = $result.PassedCount
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$skipped = $result.SkippedCount + $result.InconclusiveCount + $result.NotRunCount - $(if ($FullNameFilter) { $result.NotRunCount } else { 0 })
if ($passed + $failed -eq 0 -and -not $FullNameFilter -and -not $env:OPSTEST_EXAMPLE) {
    Write-Output '0 passed, 1 failed'
    Write-Host 'No test ran: the suite found nothing to run in' ($Path -join ', ')
    exit 1
}
Write-Host "Pester: $($result.TotalCount) tests in $([int] $watch.Elapsed.TotalSeconds) s (sandbox included); results in $ResultPath"
$summary = "$passed passed, $failed failed" + $(if ($skipped) { ", $skipped skipped" } else { '' })
Write-Output $summary
if ($failed -gt 0) { exit 1 }
if ($skipped -gt 0 -and $onCi) {
    Write-Host 'CI=true: tests were skipped; every test must run in CI.'
    exit 1
}
exit 0
