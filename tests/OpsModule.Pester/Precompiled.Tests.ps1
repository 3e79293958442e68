# Issue 14, "Speed as scheduled jobs see it": a scheduled job starts a fresh pwsh, so every method the first cmdlet call runs is
# JIT-compiled again unless the module ships precompiled (ReadyToRun) code for that .NET and platform. The module carries one set of
# images per .NET of PowerShell 7.4 (net8.0) and 7.6 (net10.0) and per platform (win-x64, linux-x64) in dependencies/<tfm>-<rid>/.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:dependencyFolder = Join-Path (Split-Path -Parent $env:OPSTEST_MODULE) 'dependencies'
    $script:sets = 'net8.0-linux-x64', 'net8.0-win-x64', 'net10.0-linux-x64', 'net10.0-win-x64'
    # What a first Get-OpsHealth, Switch-BlueGreen or database call runs; the storage SDKs stay IL (src/OpsModule.Precompiled).
    $script:precompiled = 'Fractions', 'KubernetesClient', 'Npgsql', 'OpsModule.Core', 'Polly.Core', 'YamlDotNet'
    # The set this pwsh can use: images of another .NET major are ignored by the runtime.
    $script:runningSet = Get-OpsPrecompiledSetName

    # PE machine of a ReadyToRun image: x64, XOR-ed with the target OS's constant on Linux (crossgen2's convention, read by the runtime).
    $script:machineOf = @{ 'win-x64' = 0x8664; 'linux-x64' = 0x8664 -bxor 0x7B79 }
    # ReadyToRun format major version each runtime accepts: .NET 8 reads 9.x, .NET 10 needs 16 or later.
    $script:formatOf = @{ 'net8.0' = 9; 'net10.0' = 16 }

    function Get-ReadyToRunHeader([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $native = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory
            $header = [pscustomobject]@{ Machine = [int] $pe.PEHeaders.CoffHeader.Machine; IsReadyToRun = $native.Size -gt 0; Major = 0 }
            if ($header.IsReadyToRun) {
                [byte[]] $bytes = $pe.GetSectionData($native.RelativeVirtualAddress).GetContent(0, 6)
                $header.IsReadyToRun = [BitConverter]::ToUInt32($bytes, 0) -eq 0x00525452   # 'RTR'
                $header.Major = [BitConverter]::ToUInt16($bytes, 4)
            }
            $header
        }
        finally { $stream.Dispose() }
    }
}

Describe 'The precompiled sets of the published module' {
    It 'has a set for <_>, holding the assemblies a first call runs' -ForEach @(
        'net8.0-linux-x64', 'net8.0-win-x64', 'net10.0-linux-x64', 'net10.0-win-x64'
    ) {
        $names = @(Get-ChildItem -LiteralPath (Join-Path $dependencyFolder $_) -Filter *.dll | ForEach-Object BaseName | Sort-Object)
        $names | Should -Be $precompiled
    }

    It 'every image is ReadyToRun code for its platform, in the format its .NET reads' {
        $wrong = foreach ($set in $sets) {
            $framework, $runtime = $set -split '-', 2
            foreach ($name in $precompiled) {
                $header = Get-ReadyToRunHeader (Join-Path $dependencyFolder $set "$name.dll")
                if (-not $header.IsReadyToRun -or $header.Machine -ne $machineOf[$runtime] -or $header.Major -ne $formatOf[$framework]) {
                    '{0}/{1}: ReadyToRun {2}, machine 0x{3:x}, format {4}' -f $set, $name, $header.IsReadyToRun, $header.Machine, $header.Major
                }
            }
        }
        $wrong | Should -BeNullOrEmpty
    }

    It 'an image has the assembly version of the IL copy in dependencies/, so either can satisfy a reference' {
        $differ = foreach ($set in $sets) {
            foreach ($name in $precompiled) {
                $image = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $dependencyFolder $set "$name.dll")).Version
                $il = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $dependencyFolder "$name.dll")).Version
                if ($image -ne $il) { "$set/$name $image, IL $il" }
            }
        }
        $differ | Should -BeNullOrEmpty
    }

    It 'the IL copies stay ordinary IL, for every other .NET and platform' {
        foreach ($name in $precompiled) {
            (Get-ReadyToRunHeader (Join-Path $dependencyFolder "$name.dll")).IsReadyToRun | Should -BeFalse -Because "$name.dll in dependencies/ is the portable fallback"
        }
    }
}

Describe 'A scheduled job''s first Get-OpsHealth in a fresh pwsh' {
    BeforeAll {
        $script:jitLog = Join-Path $env:OPSTEST_TEMP "jit-$([guid]::NewGuid().ToString('N').Substring(0, 8)).txt"
        # The runtime lists each method it JIT-compiles; a method with usable ReadyToRun code is not listed.
        $script:run = Invoke-OpsScript -ImportModule -Environment @{ DOTNET_JitStdOutFile = $jitLog; DOTNET_JitDisasmSummary = '1' } -Script @'
$ErrorActionPreference = 'Stop'
$findings = @(Get-OpsHealth -Namespace production)
$loaded = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'OpsModule' | ForEach-Object Assemblies
"findings=$($findings.Count)"
foreach ($assembly in $loaded) { "loaded=$($assembly.GetName().Name)|$($assembly.Location)" }
'@
        $script:loaded = @{}
        foreach ($line in $run.Output -split "`r?`n" | Where-Object { $_ -like 'loaded=*' }) {
            $name, $location = $line.Substring(7) -split '\|', 2
            $loaded[$name] = $location
        }
        $script:compiled = @(Get-Content -LiteralPath $jitLog -ErrorAction SilentlyContinue | Where-Object { $_ -match 'JIT compiled' })
    }

    It 'runs and reports the sandbox''s findings' {
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'findings=[1-9]'
        $compiled.Count | Should -BeGreaterThan 0 -Because 'the runtime wrote its JIT log'
    }

    It 'loads the assemblies of the first call from the set of the running .NET and platform' {
        Join-Path $dependencyFolder $runningSet | Should -Exist
        foreach ($name in 'OpsModule.Core', 'KubernetesClient', 'YamlDotNet', 'Polly.Core') {
            $loaded[$name] | Should -Be (Join-Path $dependencyFolder $runningSet "$name.dll")
        }
    }

    It 'JIT-compiles almost none of KubernetesClient and YamlDotNet (about 1,800 and 450 methods from IL)' {
        # What remains are generic instantiations over types of other assemblies, which an image cannot hold.
        @($compiled | Where-Object { $_ -match 'JIT compiled k8s\.' }).Count | Should -BeLessThan 100
        @($compiled | Where-Object { $_ -match 'JIT compiled YamlDotNet\.' }).Count | Should -BeLessThan 30
    }
}
