#Requires -Version 7.4
# Helpers shared by the Pester suite. Each test file imports this module in BeforeAll, after the OpsModule under test.
# The environment they rely on (OPSTEST_*, KUBECONFIG, AWS_*) is set by Invoke-OpsPester.ps1 from the sandbox it starts.

Set-StrictMode -Version Latest

# -Verbose, -ErrorAction … belong to every cmdlet; -WhatIf and -Confirm stay in a command's own list (they say it asks first).
$script:CommonParameters = @([System.Management.Automation.PSCmdlet]::CommonParameters)

function Get-OpsPwshPath {
    <#
    .SYNOPSIS
        The pwsh executable of the running PowerShell, to start child processes of the same version.
    .DESCRIPTION
        Under `dotnet pwsh` (a local dotnet tool) the process is dotnet itself, so the apphost next to pwsh.dll in $PSHOME is used;
        elsewhere the process's own path.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $apphost = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    if (Test-Path -LiteralPath $apphost -PathType Leaf) { return $apphost }
    (Get-Process -Id $PID).Path
}

function Get-OpsPrecompiledSetName {
    <#
    .SYNOPSIS
        The folder under the module's dependencies/ whose ReadyToRun images this pwsh should load, e.g. net10.0-linux-x64.
    .DESCRIPTION
        The module's load context chooses it by the running .NET major, operating system and process architecture
        (src/OpsModule/Loading/DependencyLoadContext.cs); the tests expect the same folder.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $os = $IsWindows ? 'win' : $IsMacOS ? 'osx' : 'linux'
    $architecture = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    'net{0}.0-{1}-{2}' -f [Environment]::Version.Major, $os, $architecture
}

function Get-OpsTestEnvironment {
    <#
    .SYNOPSIS
        Fails with what is missing unless the suite's environment is set (the runner sets it; run the suite through it).
    #>
    [CmdletBinding()]
    param([string[]] $Name = @('OPSTEST_MODULE', 'OPSTEST_ROOT', 'OPSTEST_TEMP', 'KUBECONFIG'))
    $missing = @($Name | Where-Object { -not [Environment]::GetEnvironmentVariable($_) })
    if ($missing) {
        throw "The Pester suite's environment is not set ($($missing -join ', ')). Run it through tests/OpsModule.Pester/Invoke-OpsPester.ps1."
    }
}

function New-OpsTestFolder {
    <#
    .SYNOPSIS
        A new empty folder under $env:OPSTEST_TEMP (removed with it at the end of the run), e.g. a backup store of one test.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Prefix = 't')
    Get-OpsTestEnvironment -Name OPSTEST_TEMP
    $path = Join-Path $env:OPSTEST_TEMP "$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $path | Out-Null
    $path
}

function New-OpsS3Location {
    <#
    .SYNOPSIS
        A fresh s3://ops-backups/<prefix> store in the sandbox's s3rver, so tests never see each other's backups.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Bucket = 'ops-backups', [string] $Prefix = 't')
    "s3://$Bucket/$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
}

function New-OpsAzureLocation {
    <#
    .SYNOPSIS
        A fresh azblob://<account>/ops-backups/<prefix> store in the sandbox's Azurite, so tests never see each other's backups.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Container = 'ops-backups', [string] $Prefix = 't')
    Get-OpsTestEnvironment -Name OPSTEST_AZURE_ACCOUNT
    "azblob://$env:OPSTEST_AZURE_ACCOUNT/$Container/$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
}

function Invoke-OpsScript {
    <#
    .SYNOPSIS
        Runs a script as a scheduled task would: `pwsh -NoProfile -NonInteractive -File <script>` with no standard input.
    .DESCRIPTION
        Writes -Script to a temporary .ps1 under $env:OPSTEST_TEMP and runs it in a new pwsh of the same version as the suite,
        with the suite's environment. Returns ExitCode, Output (standard output) and Error (standard error) as text.
        -ImportModule puts `Import-Module $env:OPSTEST_MODULE` first. A script still running after -Timeout is killed and the
        call throws.
    .EXAMPLE
        $run = Invoke-OpsScript -ImportModule -Script 'Get-OpsHealth -Namespace nosuchns -ErrorAction Stop; exit 0'
        $run.ExitCode | Should -Not -Be 0
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Script,
        [timespan] $Timeout = [timespan]::FromMinutes(2),
        [switch] $ImportModule,
        [string] $WorkingDirectory = $env:OPSTEST_TEMP,
        [hashtable] $Environment = @{},
        # Arguments for the script's own param() block, passed after -File <script>.
        [string[]] $ArgumentList = @()
    )
    Get-OpsTestEnvironment -Name OPSTEST_TEMP, OPSTEST_MODULE
    $file = Join-Path $env:OPSTEST_TEMP "script-$([guid]::NewGuid().ToString('N').Substring(0, 12)).ps1"
    $body = $ImportModule ? "Import-Module `$env:OPSTEST_MODULE`n$Script" : $Script
    Set-Content -LiteralPath $file -Value $body -Encoding utf8NoBOM

    $start = [System.Diagnostics.ProcessStartInfo]::new((Get-OpsPwshPath))
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', $file) + $ArgumentList) { $start.ArgumentList.Add($argument) }
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    # A fixed width and no colours, so that what a script prints does not depend on the terminal the suite runs in.
    $start.Environment['COLUMNS'] = '120'
    $start.Environment['NO_COLOR'] = '1'
    foreach ($entry in $Environment.GetEnumerator()) {
        if ($null -eq $entry.Value) { [void] $start.Environment.Remove($entry.Key) }
        else { $start.Environment[$entry.Key] = [string] $entry.Value }
    }

    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit([int] $Timeout.TotalMilliseconds)) {
            $process.Kill($true)
            $process.WaitForExit()
            throw "The script did not finish within $($Timeout.TotalSeconds) s and was stopped. Its output so far:`n$($stdout.Result)`n$($stderr.Result)"
        }
        $process.WaitForExit()
        # Escape sequences a script writes itself (progress, hosts that ignore NO_COLOR) would only get in the way of assertions.
        $ansi = '\x1b\[[0-9;?]*[ -/]*[@-~]'
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = $stdout.Result -replace $ansi, ''
            Error    = $stderr.Result -replace $ansi, ''
        }
    }
    finally {
        $process.Dispose()
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
    }
}

function Get-OpsParameterName {
    <#
    .SYNOPSIS
        A command's own parameters: (Get-Command).Parameters.Keys without the common parameters (-WhatIf and -Confirm stay), sorted.
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [string] $Command)
    @((Get-Command -Name $Command).Parameters.Keys | Where-Object { $_ -notin $script:CommonParameters } | Sort-Object)
}

function Get-OpsParameterAlias {
    <#
    .SYNOPSIS
        Every alias of a command's own parameters (not the engine's wi/cf), as 'Alias=Parameter' strings, sorted (for an exact comparison).
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param([Parameter(Mandatory)] [string] $Command)
    # -WhatIf's and -Confirm's aliases (wi, cf) come from the engine, not from the module.
    $engine = $script:CommonParameters + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
    $parameters = (Get-Command -Name $Command).Parameters.Values | Where-Object { $_.Name -notin $engine }
    @(foreach ($parameter in $parameters) {
            foreach ($alias in $parameter.Aliases) { "$alias=$($parameter.Name)" }
        }) | Sort-Object
}

function Get-OpsPostgresCredential {
    <#
    .SYNOPSIS
        The sandbox PostgreSQL superuser as a PSCredential (for -Credential / -DatabaseCredential).
    #>
    [CmdletBinding()]
    [OutputType([pscredential])]
    param()
    Get-OpsTestEnvironment -Name OPSTEST_PG_USER, OPSTEST_PG_PASSWORD
    [pscredential]::new($env:OPSTEST_PG_USER, (ConvertTo-SecureString -String $env:OPSTEST_PG_PASSWORD -AsPlainText -Force))
}

function Get-OpsS3Credential {
    <#
    .SYNOPSIS
        The sandbox s3rver's keys as a PSCredential (for -S3Credential).
    #>
    [CmdletBinding()]
    [OutputType([pscredential])]
    param()
    Get-OpsTestEnvironment -Name AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
    [pscredential]::new($env:AWS_ACCESS_KEY_ID, (ConvertTo-SecureString -String $env:AWS_SECRET_ACCESS_KEY -AsPlainText -Force))
}

function Get-OpsAzureCredential {
    <#
    .SYNOPSIS
        The sandbox Azurite account and its key as a PSCredential (for -StorageCredential / -AzureCredential).
    #>
    [CmdletBinding()]
    [OutputType([pscredential])]
    param()
    Get-OpsTestEnvironment -Name OPSTEST_AZURE_ACCOUNT, OPSTEST_AZURE_KEY
    [pscredential]::new($env:OPSTEST_AZURE_ACCOUNT, (ConvertTo-SecureString -String $env:OPSTEST_AZURE_KEY -AsPlainText -Force))
}

function Get-OpsConnectionString {
    <#
    .SYNOPSIS
        A connection string to the sandbox PostgreSQL without the password (pass Get-OpsPostgresCredential as -Credential).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Database = 'postgres')
    Get-OpsTestEnvironment -Name OPSTEST_PG_HOST, OPSTEST_PG_PORT
    "Host=$env:OPSTEST_PG_HOST;Port=$env:OPSTEST_PG_PORT;Database=$Database"
}

function Invoke-OpsPsql {
    <#
    .SYNOPSIS
        Runs SQL with psql against the sandbox PostgreSQL and returns its unaligned, tuples-only output lines; throws on failure.
    .EXAMPLE
        Invoke-OpsPsql -Database ceoagent -Sql 'SELECT count(*) FROM users'
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param(
        [Parameter(Mandatory)] [string] $Database,
        [Parameter(Mandatory)] [string] $Sql
    )
    Get-OpsTestEnvironment -Name OPSTEST_PG_HOST, OPSTEST_PG_PORT, OPSTEST_PG_USER, OPSTEST_PG_PASSWORD
    $saved = $env:PGPASSWORD
    try {
        $env:PGPASSWORD = $env:OPSTEST_PG_PASSWORD
        $output = & psql -X -q -A -t -v ON_ERROR_STOP=1 -h $env:OPSTEST_PG_HOST -p $env:OPSTEST_PG_PORT -U $env:OPSTEST_PG_USER -d $Database -c $Sql 2>&1
        if ($LASTEXITCODE -ne 0) { throw "psql on $Database failed ($LASTEXITCODE): $($output -join "`n")" }
        # Standard error (NOTICEs) is not part of the answer.
        @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" })
    }
    finally {
        $env:PGPASSWORD = $saved
    }
}

function Invoke-OpsKubectl {
    <#
    .SYNOPSIS
        Runs the real kubectl against the sandbox cluster ($env:KUBECONFIG) and returns its output; throws on failure.
    .EXAMPLE
        Invoke-OpsKubectl get service web -n saas -o jsonpath='{.spec.selector.environment}'
    #>
    # No [CmdletBinding()]: kubectl's own -o, -n … must not meet PowerShell's common parameters.
    Get-OpsTestEnvironment -Name KUBECONFIG
    $output = & kubectl @args 2>&1
    if ($LASTEXITCODE -ne 0) { throw "kubectl $($args -join ' ') failed ($LASTEXITCODE): $($output -join "`n")" }
    @($output | ForEach-Object { "$_" })
}

Export-ModuleMember -Function Get-OpsPwshPath, Get-OpsPrecompiledSetName, Get-OpsTestEnvironment, New-OpsTestFolder, New-OpsS3Location, New-OpsAzureLocation, Invoke-OpsScript,
    Get-OpsParameterName, Get-OpsParameterAlias, Get-OpsPostgresCredential, Get-OpsS3Credential, Get-OpsAzureCredential, Get-OpsConnectionString,
    Invoke-OpsPsql, Invoke-OpsKubectl
