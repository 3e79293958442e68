# Examples are tests: every ```powershell block of README.md and docs/*.md runs against the sandbox in a fresh
# `pwsh -NoProfile -NonInteractive`, in the order a reader meets them, and must exit 0 without writing an error.
# Nothing is copied from the docs: the blocks are read from the files at discovery. What is changed to run them here (Windows paths,
# company host names, vault secrets, confirmation prompts, long waits) is listed in tests/OpsModule.Pester/README.md, section
# "How the examples run"; Support/OpsExamples.psm1 does it.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/Support/OpsExamples.psm1" -Force
    $root = $env:OPSTEST_ROOT ? $env:OPSTEST_ROOT : (Resolve-Path "$PSScriptRoot/../..").Path
    # Hashtables, so that Name, File, Line and Code become variables of each test.
    # OPSTEST_EXAMPLE (a wildcard on the example's name, e.g. '*Restore-OpsDatabase.md: Example 4*') runs only those: Pester's own
    # -FullNameFilter does not see the names of data-driven tests. The fixtures below run all the same.
    $filter = $env:OPSTEST_EXAMPLE ? $env:OPSTEST_EXAMPLE : '*'
    $examples = @(Get-OpsDocumentationExample -Root $root | Where-Object Name -Like $filter |
            ForEach-Object { @{ Name = $_.Name; File = $_.File; Line = $_.Line; Code = $_.Code } })
}

BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
    Import-Module "$PSScriptRoot/Support/OpsExamples.psm1" -Force

    # Windows paths of the examples (D:\Backups, \\nas\pg-backups …) live here, e.g. <temp>/examples/D/Backups.
    $script:pathRoot = Join-Path $env:OPSTEST_TEMP 'examples'
    $allCode = @(Get-OpsDocumentationExample -Root $env:OPSTEST_ROOT).Code
    foreach ($folder in Get-OpsExampleRoot -Code $allCode) {
        New-Item -ItemType Directory -Path (Join-Path $pathRoot $folder) -Force | Out-Null
    }

    # The databases the examples restore into are dropped at the end, so a sandbox can run them again (Invoke-OpsPester -Sandbox).
    $script:databasesBefore = Invoke-OpsPsql -Database postgres -Sql 'SELECT datname FROM pg_database'

    # What the examples presuppose, made with the module itself: the stores they read hold a backup of each database they name …
    $fixtures = @(
        @{ Store = "$pathRoot/D/Backups"; Database = 'ceoagent'; Namespace = 'ceoagent' }
        @{ Store = "$pathRoot/D/Backups"; Database = 'users'; Namespace = 'ecommerce-k8s' }
        @{ Store = "$pathRoot/nas/pg-backups"; Database = 'orders'; Namespace = 'ecommerce-k8s' }
        @{ Store = 's3://ops-backups/prod'; Database = 'ceoagent'; Namespace = 'ceoagent' }
        @{ Store = 'azblob://opsbackups/nightly/prod'; Database = 'ceoagent'; Namespace = 'ceoagent'; StorageEndpoint = $env:OPSTEST_AZURE_ENDPOINT
            StorageCredential = Get-OpsAzureCredential }
    )
    foreach ($fixture in $fixtures) {
        Invoke-OpsBackup @fixture -Confirm:$false -ErrorAction Stop | Out-Null
    }
    # … and Switch-BlueGreen's rollback example runs "after a blue → green switch of voice-api".
    Switch-BlueGreen -Namespace voicehelper -Service voice-api -Deployment voice-api -HealthyChecks 1 -VerifyDurationSec 1 `
        -ScaleDownDelaySec 0 -Confirm:$false -ErrorAction Stop | Out-Null

    # Run before each example. No secret is written into it: the credentials come from the suite's environment.
    $script:prelude = @'
# --- sandbox prelude: tests/OpsModule.Pester/README.md, "How the examples run" ---
$ConfirmPreference = 'None'   # the admin answers Yes when PowerShell asks to confirm
$PSDefaultParameterValues['Switch-BlueGreen:HealthyChecks'] = 1
$PSDefaultParameterValues['Switch-BlueGreen:VerifyDurationSec'] = 2
$PSDefaultParameterValues['Switch-BlueGreen:ScaleDownDelaySec'] = 1
$PSDefaultParameterValues['Switch-BlueGreen:StepIntervalSec'] = 2
function New-SandboxCredential([string] $User, [string] $Secret) { [pscredential]::new($User, (ConvertTo-SecureString $Secret -AsPlainText -Force)) }
function Get-Secret([Parameter(Position = 0)] [string] $Name, [string] $Vault) {
    if ($Name -match 'minio|s3') { New-SandboxCredential $env:AWS_ACCESS_KEY_ID $env:AWS_SECRET_ACCESS_KEY }
    elseif ($Name -match 'azure|blob|sas') { New-SandboxCredential $env:OPSTEST_AZURE_ACCOUNT $env:OPSTEST_AZURE_KEY }
    else { New-SandboxCredential $env:OPSTEST_PG_USER $env:OPSTEST_PG_PASSWORD }
}
function Get-AutomationPSCredential([Parameter(Position = 0)] [string] $Name) { Get-Secret $Name }   # Azure Automation assets
function Get-AutomationVariable([Parameter(Position = 0)] [string] $Name) {   # a kubeconfig kept as an Automation variable
    if ($Name -notmatch 'KubeConfig') { throw "The sandbox has no Automation variable '$Name'." }
    Get-Content -Raw -Path $env:KUBECONFIG
}
function Get-Credential { New-SandboxCredential $env:OPSTEST_PG_USER $env:OPSTEST_PG_PASSWORD }
function Read-Host([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString) { ConvertTo-SecureString 'sandbox passphrase' -AsPlainText -Force }
function pwsh { & (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) @args }
$cred = $admin = Get-Credential
# --- the example ---
'@
    # Examples of Azure Blob stores sign in with a managed identity or name the account's own endpoint; here Azurite is both.
    $script:azurePrelude = @'
$PSDefaultParameterValues['*:StorageEndpoint'] = $env:OPSTEST_AZURE_ENDPOINT
$PSDefaultParameterValues['*:StorageCredential'] = New-SandboxCredential $env:OPSTEST_AZURE_ACCOUNT $env:OPSTEST_AZURE_KEY
'@
    # Reached only when the example did not exit by itself: an error record it wrote (even one it let pass) fails it.
    $script:epilogue = @'

# --- sandbox epilogue ---
if ($Error.Count -gt 0) {
    [Console]::Error.WriteLine("The example wrote $($Error.Count) error record(s); the first: $($Error[-1])")
    exit 3
}
exit 0
'@
}

AfterAll {
    foreach ($database in Invoke-OpsPsql -Database postgres -Sql 'SELECT datname FROM pg_database' | Where-Object { $_ -notin $databasesBefore }) {
        Invoke-OpsPsql -Database postgres -Sql "DROP DATABASE IF EXISTS `"$database`" WITH (FORCE)" | Out-Null
    }
}

Describe 'Examples of README.md and docs/' {
    It '<Name>' -ForEach $examples {
        $code = ConvertTo-OpsSandboxExample -Code $Code -PathRoot $pathRoot -PostgresHost $env:OPSTEST_PG_HOST -PostgresPort $env:OPSTEST_PG_PORT `
            -S3Endpoint $env:OPSTEST_S3_ENDPOINT -AzureEndpoint $env:OPSTEST_AZURE_ENDPOINT
        $storePrelude = $code -match 'azblob://|\.blob\.core\.windows\.net' ? $azurePrelude : ''
        if ($code -match '(?m)^\s*param\s*\(') {
            # A script with its own param block (a scheduled task's .ps1) runs as that file, as the task would run it.
            $file = Join-Path $env:OPSTEST_TEMP "example-$([guid]::NewGuid().ToString('N').Substring(0, 8)).ps1"
            Set-Content -LiteralPath $file -Value $code -Encoding utf8NoBOM
            $code = "& '$file'`nif (`$LASTEXITCODE) { exit `$LASTEXITCODE }"
        }
        $script = $prelude, $storePrelude, $code, $epilogue -join "`n"
        $run = Invoke-OpsScript -Script $script -WorkingDirectory $env:OPSTEST_ROOT -Timeout ([timespan]::FromMinutes(5))
        $output = $run.Output.Length -gt 1500 ? '…' + $run.Output.Substring($run.Output.Length - 1500) : $run.Output
        $because = "$File line $Line, run as:`n$code`nstderr:`n$($run.Error)`nstdout:`n$output"
        $run.ExitCode | Should -Be 0 -Because $because
        $run.Error | Should -BeNullOrEmpty -Because $because
    }
}
