# Issue 10, "Dependency isolation": OpsModule.dll loads into PowerShell's default context; OpsModule.Core and every third-party
# assembly load from the module's dependencies/ folder into the module's own load context, so another module's YamlDotNet (or
# Npgsql, AWSSDK …) in the session never meets ours. Needs no sandbox: every cmdlet runs against closed ports and a folder store,
# each scenario in a new pwsh, because what a process has loaded cannot be unloaded.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:moduleFolder = Split-Path -Parent $env:OPSTEST_MODULE
    $script:dependencyFolder = Join-Path $moduleFolder 'dependencies'
    $script:dependencyNames = @(Get-ChildItem -Path $dependencyFolder -Filter *.dll | ForEach-Object BaseName)
    $script:precompiledSet = Get-OpsPrecompiledSetName
    if ('OpsModule.Core' -notin $dependencyNames) { throw "$dependencyFolder has no OpsModule.Core.dll: publish the module first." }
    # What the cmdlets below must have loaded (the rest of dependencies/ loads only on paths that need a live server).
    $script:exercisedAssemblies = 'OpsModule.Core', 'YamlDotNet', 'Polly.Core', 'Npgsql', 'AWSSDK.Core', 'AWSSDK.S3'

    $script:work = Join-Path $env:OPSTEST_TEMP "isolation-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $work | Out-Null

    # Another version of YamlDotNet than ours (18.x), as a module like powershell-yaml would load it: restored from NuGet, pinned.
    $restore = Join-Path $work 'yamldotnet16'
    New-Item -ItemType Directory -Path $restore | Out-Null
    Set-Content -Path (Join-Path $restore 'YamlDotNet16.csproj') -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <EnableDefaultItems>false</EnableDefaultItems>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="YamlDotNet" Version="[16.3.0]" />
  </ItemGroup>
</Project>
'@
    $restoreLog = & dotnet restore (Join-Path $restore 'YamlDotNet16.csproj') -p:RestorePackagesPath=$restore/packages --nologo 2>&1
    $script:otherYaml = Join-Path $restore 'packages/yamldotnet/16.3.0/lib/net8.0/YamlDotNet.dll'
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $otherYaml)) { throw "Restoring YamlDotNet 16.3.0 failed:`n$($restoreLog -join "`n")" }

    # A port nobody listens on: every cluster, S3 and PostgreSQL call fails fast with the module's own error.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $closedPort = $listener.LocalEndpoint.Port; $listener.Stop()
    $kubeConfig = Join-Path $work 'closed.yaml'
    @(
        'apiVersion: v1', 'kind: Config',
        'clusters:', '- name: closed', '  cluster:', "    server: https://127.0.0.1:$closedPort",
        'users:', '- name: closed', '  user:', '    token: not-a-real-token',
        'contexts:', '- name: closed', '  context:', '    cluster: closed', '    user: closed', '    namespace: default',
        'current-context: closed'
    ) | Set-Content -Path $kubeConfig
    $store = Join-Path $work 'store'
    New-Item -ItemType Directory -Path $store | Out-Null

    # One line per call, "call: error ids", in the order of the calls: a readable difference when one fails.
    function Format-CallResult($Results) { @($Results.PSObject.Properties | ForEach-Object { "$($_.Name): $($_.Value)" }) }

    # Each cmdlet, run so that it loads what it needs and fails (or succeeds) the same way whenever isolation holds.
    $script:expected = Format-CallResult ([pscustomobject][ordered]@{
        'Get-OpsBackup folder'     = ''
        'Get-OpsBackup s3'         = 'Ops.Storage.Unreachable'
        'Get-OpsBackup azblob'     = 'Ops.Storage.Unreachable'
        'Get-OpsHealth'            = 'Ops.Kubernetes.Unreachable'
        'Invoke-OpsBackup -WhatIf' = ''
        'Invoke-OpsBackup local'   = 'Ops.Backup.DumpFailed'
        'Restore-OpsDatabase'      = 'Ops.Backup.InvalidLocation'
        'Test-DisasterRecovery'    = 'Ops.Backup.NotFound'      # the store is read before the cluster
        'Switch-BlueGreen'         = 'Ops.Kubernetes.Unreachable'
        'Repair-OpsHealth'         = 'Ops.Kubernetes.Unreachable'
        'Remove-OpsBackup'         = ''
    })
    $script:prelude = @"
`$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
foreach (`$name in 'KUBECONFIG', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'AWS_PROFILE') { Remove-Item -Path "env:`$name" -ErrorAction Ignore }
`$env:AWS_MAX_ATTEMPTS = '1'
`$module = '$env:OPSTEST_MODULE'
`$kube = '$kubeConfig'
`$store = '$store'
`$closed = $closedPort
`$dependencies = '$dependencyFolder'

function Invoke-EveryCmdlet {
    `$s3Key = [pscredential]::new('key', (ConvertTo-SecureString -String 'not-a-secret' -AsPlainText -Force))
    `$azureKey = [pscredential]::new('devstoreaccount1', (ConvertTo-SecureString -String ([Convert]::ToBase64String([byte[]]::new(64))) -AsPlainText -Force))
    `$calls = [ordered]@{
        'Get-OpsBackup folder'     = { Get-OpsBackup -Store `$store }
        'Get-OpsBackup s3'         = { Get-OpsBackup -Store s3://ops-backups/isolation -S3Endpoint "http://127.0.0.1:`$closed" -Region us-east-1 -S3Credential `$s3Key }
        'Get-OpsBackup azblob'     = { Get-OpsBackup -Store azblob://devstoreaccount1/isolation -StorageEndpoint "http://127.0.0.1:`$closed/devstoreaccount1" -AzureCredential `$azureKey }
        'Get-OpsHealth'            = { Get-OpsHealth -KubeConfig `$kube }
        'Invoke-OpsBackup -WhatIf' = { Invoke-OpsBackup -KubeConfig `$kube -Store `$store -Database app -Namespace default -WhatIf }
        'Invoke-OpsBackup local'   = { Invoke-OpsBackup -ConnectionString "Host=127.0.0.1;Port=`$closed;Database=app" -Database app -Store `$store -Confirm:`$false }
        'Restore-OpsDatabase'      = { Restore-OpsDatabase -KubeConfig `$kube -Location (Join-Path `$store 'none') -WhatIf }
        'Test-DisasterRecovery'    = { Test-DisasterRecovery -KubeConfig `$kube -Store `$store -Database app -Namespace default -WhatIf }
        'Switch-BlueGreen'         = { Switch-BlueGreen -KubeConfig `$kube -Namespace default -Service web -Deployment web -WhatIf }
        'Repair-OpsHealth'         = { Repair-OpsHealth -KubeConfig `$kube -Namespace default -WhatIf }
        'Remove-OpsBackup'         = { Remove-OpsBackup -Store `$store -KeepLast 1 -WhatIf }
    }
    `$results = [ordered]@{}
    foreach (`$call in `$calls.GetEnumerator()) {
        `$errors = @()
        try { `$null = & `$call.Value -ErrorAction SilentlyContinue -ErrorVariable +errors 6>`$null }
        catch { `$errors += `$_ }
        `$results[`$call.Key] = (@(`$errors | ForEach-Object { (`$_.FullyQualifiedErrorId -split ',')[0] }) -join ' ')
    }
    `$results
}

function Get-LoadPlacement {
    `$describe = { param(`$a) [ordered]@{ Name = `$a.GetName().Name; Version = `$a.GetName().Version.ToString(); Location = `$a.Location } }
    `$ours = @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'OpsModule')
    [ordered]@{
        Default    = @([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | ForEach-Object { & `$describe `$_ })
        Ours       = @(`$ours | ForEach-Object { `$_.Assemblies } | ForEach-Object { & `$describe `$_ })
        OursCount  = `$ours.Count
        CmdletAlc  = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command Get-OpsHealth).ImplementingType.Assembly).Name
    }
}

function Save-Result([string] `$Path, `$Value) { `$Value | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath `$Path }
"@

    function Invoke-IsolationScenario([string] $Body) {
        $result = Join-Path $work "result-$([guid]::NewGuid().ToString('N').Substring(0, 8)).json"
        $run = Invoke-OpsScript -Script "$prelude`n`$result = '$result'`n$Body"
        if ($run.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $result)) {
            throw "The scenario failed (exit $($run.ExitCode)):`n$($run.Output)`n$($run.Error)"
        }
        Get-Content -Raw -LiteralPath $result | ConvertFrom-Json
    }

    # The host's own framework (e.g. .NET 10's System.Diagnostics.DiagnosticSource, which Npgsql also ships for .NET 8) is not ours.
    $script:runtimeDirectory = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()

    function Get-Unisolated($Placement) {
        # Assemblies of ours in the default context: anything from the module folder but OpsModule.dll, or named like a dependency.
        @($Placement.Default | Where-Object {
                ($_.Location -like "$moduleFolder*" -and $_.Name -ne 'OpsModule') -or
                ($_.Name -in $dependencyNames -and $_.Location -ne $otherYaml -and -not $_.Location.StartsWith($runtimeDirectory))
            } | ForEach-Object { "$($_.Name) $($_.Version) from $($_.Location)" })
    }
}

Describe 'In a clean session' {
    BeforeAll {
        $script:clean = Invoke-IsolationScenario @'
Import-Module $module
$first = Invoke-EveryCmdlet
$placement = Get-LoadPlacement
Import-Module $module -Force
Import-Module $module -Force
$afterForce = Invoke-EveryCmdlet
Remove-Module OpsModule
Import-Module $module
$afterReimport = Invoke-EveryCmdlet
Save-Result $result ([ordered]@{ First = $first; Placement = $placement; AfterForce = $afterForce; AfterReimport = $afterReimport; Final = Get-LoadPlacement })
'@
    }

    It 'every cmdlet runs and fails only with its own error' {
        (Format-CallResult $clean.First) | Should -Be $expected
    }

    It 'OpsModule.dll is the only assembly of the module in the default context' {
        Get-Unisolated $clean.Placement | Should -BeNullOrEmpty
        $clean.Placement.CmdletAlc | Should -Be 'Default'
        @($clean.Placement.Default | Where-Object Name -eq 'OpsModule').Location | Should -Be (Join-Path $moduleFolder 'OpsModule.dll')
    }

    It 'OpsModule.Core and the third-party assemblies the cmdlets used are in the module''s own context, from dependencies/' {
        $names = @($clean.Placement.Ours.Name)
        foreach ($name in $exercisedAssemblies) { $names | Should -Contain $name }
        foreach ($assembly in $clean.Placement.Ours) {
            # The precompiled image of the running .NET and platform where the module has one (Precompiled.Tests.ps1), else the IL copy.
            $image = Join-Path $dependencyFolder $precompiledSet "$($assembly.Name).dll"
            $assembly.Location | Should -Be ((Test-Path -LiteralPath $image) ? $image : (Join-Path $dependencyFolder "$($assembly.Name).dll"))
        }
    }

    It 'a framework assembly shipped for .NET 8 comes from the running framework when it is as new (precompiled, not JIT-compiled at each start)' {
        # PowerShell 7.6 runs on .NET 10, whose System.Text.Json is the version we ship for PowerShell 7.4; the .NET 8 load test proves ours is used there.
        $shipped = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $dependencyFolder 'System.Text.Json.dll')).Version
        $framework = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $runtimeDirectory 'System.Text.Json.dll')).Version
        $framework | Should -BeGreaterOrEqual $shipped
        @($clean.Placement.Ours.Name) | Should -Not -Contain 'System.Text.Json'
        @($clean.Placement.Default | Where-Object Name -eq 'System.Text.Json').Location | Should -BeLike "$runtimeDirectory*"
    }

    It 'Import-Module -Force twice: the cmdlets still work, and there is still one load context of the module' {
        (Format-CallResult $clean.AfterForce) | Should -Be $expected
        $clean.Final.OursCount | Should -Be 1
    }

    It 'Remove-Module then Import-Module: the cmdlets still work, isolated as before' {
        (Format-CallResult $clean.AfterReimport) | Should -Be $expected
        Get-Unisolated $clean.Final | Should -BeNullOrEmpty
    }
}

Describe 'With another YamlDotNet loaded into the session first' {
    BeforeAll {
        $script:preloaded = Invoke-IsolationScenario @"
Add-Type -Path '$otherYaml'
Import-Module `$module
Save-Result `$result ([ordered]@{ First = Invoke-EveryCmdlet; Placement = Get-LoadPlacement })
"@
    }

    It 'every cmdlet still works (the same results as in a clean session)' {
        (Format-CallResult $preloaded.First) | Should -Be $expected
    }

    It 'the session keeps its YamlDotNet 16.3 and the module uses its own 18.x' {
        $default = @($preloaded.Placement.Default | Where-Object Name -eq 'YamlDotNet')
        $default.Count | Should -Be 1
        $default[0].Location | Should -Be $otherYaml
        $default[0].Version | Should -BeLike '16.*'
        $ours = @($preloaded.Placement.Ours | Where-Object Name -eq 'YamlDotNet')
        $ours.Count | Should -Be 1
        $ours[0].Version | Should -BeLike '18.*'
        Get-Unisolated $preloaded.Placement | Should -BeNullOrEmpty
    }
}

Describe 'Sessions that share the process' {
    It 'a runspace keeps working when another runspace removes the module' {
        # Core is first needed after the removal, so nothing has been resolved before: the module's hook must still be there.
        $shared = Invoke-IsolationScenario @'
$other = [powershell]::Create()
$null = $other.AddScript("Import-Module '$module'").Invoke()
Import-Module $module
Remove-Module OpsModule
$other.Commands.Clear()
$ids = @($other.AddScript("Get-OpsHealth -KubeConfig '$kube' -ErrorAction SilentlyContinue -ErrorVariable e; (`$e | ForEach-Object { (`$_.FullyQualifiedErrorId -split ',')[0] }) -join ' '").Invoke())
Save-Result $result ([ordered]@{ Errors = @($other.Streams.Error | ForEach-Object { $_.Exception.Message }); Ids = $ids -join ' ' })
'@
        $shared.Errors | Should -BeNullOrEmpty
        $shared.Ids | Should -Be 'Ops.Kubernetes.Unreachable'
    }

    It 'the module auto-loads from PSModulePath and is isolated the same way' {
        $auto = Invoke-IsolationScenario @"
`$env:PSModulePath = '$(Split-Path -Parent $moduleFolder)' + [IO.Path]::PathSeparator + `$env:PSModulePath
Save-Result `$result ([ordered]@{ First = Invoke-EveryCmdlet; Placement = Get-LoadPlacement })
"@
        (Format-CallResult $auto.First) | Should -Be $expected
        Get-Unisolated $auto.Placement | Should -BeNullOrEmpty
    }
}
