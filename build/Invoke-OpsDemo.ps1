#Requires -Version 7.4
<#
.SYNOPSIS
    Shows what OpsModule does without a cluster: starts the sandbox (the test cluster seeded with the five runbooks' apps and their
    faults), runs the health checklist, a configuration backup and a blue-green plan against it, then stops it and deletes its files.
.DESCRIPTION
    Called by `./build.ps1 Demo` after the module is published. Everything lives in one temporary folder that is removed at the end,
    also when the demo fails or is stopped with Ctrl+C. KUBECONFIG is restored afterwards.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ManifestPath,
    [Parameter(Mandatory)] [string] $SandboxAssembly,
    [int] $SandboxTimeoutSec = 120
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Start-Sandbox([string] $Folder) {
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in $SandboxAssembly, '--dir', $Folder) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([timespan]::FromSeconds($SandboxTimeoutSec)) -or -not "$($line.Result)".StartsWith('READY ')) {
        Stop-Sandbox $process
        throw "The sandbox did not start within $SandboxTimeoutSec s (it said: '$($line.Result)')."
    }
    $process
}

function Stop-Sandbox([System.Diagnostics.Process] $Process) {
    # The end of its standard input stops the sandbox cleanly; a kill is the fallback.
    try { $Process.StandardInput.Close() } catch [System.IO.IOException] { }
    if (-not $Process.WaitForExit(15000)) { $Process.Kill($true) }
    $Process.Dispose()
}

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$folder = Join-Path ([IO.Path]::GetTempPath()) "opsmodule-demo-$PID"
$previousKubeConfig = $env:KUBECONFIG
$sandbox = $null
try {
    Write-Step 'Starting the sandbox cluster (the runbooks'' apps, with the faults they describe)'
    $sandbox = Start-Sandbox $folder
    $env:KUBECONFIG = Join-Path $folder 'kubeconfig'
    Import-Module $ManifestPath -Force
    $namespaces = 'test', 'ceoagent', 'ecommerce-k8s', 'production'

    Write-Step "Get-OpsHealth -Summary: one verdict for $($namespaces -join ', ')"
    $namespaces | Get-OpsHealth -Summary | Format-List Status, Score, Grade, Critical, Warning, Healthy, Namespaces | Out-Host

    Write-Step 'Get-OpsHealth: the findings, worst first'
    $namespaces | Get-OpsHealth | Sort-Object Status -Descending | Format-Table | Out-Host

    Write-Step 'Invoke-OpsBackup -ConfigOnly: the ecommerce-k8s configuration as clean YAML, Secret values redacted'
    Invoke-OpsBackup -Store (Join-Path $folder 'backups') -Namespace ecommerce-k8s -ConfigOnly -Confirm:$false | Format-List Id, Kind, Namespace, Location, Files | Out-Host

    Write-Step 'Switch-BlueGreen -WhatIf: the plan for production''s saas-platform, nothing changed'
    Switch-BlueGreen -Namespace production -Service saas-platform-active -BlueDeployment saas-platform-blue -GreenDeployment saas-platform-green -SelectorKey environment -WhatIf

    Write-Host "`nOn a real cluster: Import-Module ./module/OpsModule; Get-OpsHealth -Namespace <namespace> -Summary" -ForegroundColor Cyan
}
finally {
    if ($sandbox) { Stop-Sandbox $sandbox }
    $env:KUBECONFIG = $previousKubeConfig
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}
