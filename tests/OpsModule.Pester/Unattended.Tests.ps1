# Issue 9, "Scheduled and unattended use": the Task Scheduler and Azure Automation examples of
# docs/about_OpsModule_Unattended.md, extracted from the page and run as pwsh -NonInteractive -File scripts.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $page = Get-Content -Raw -Path (Join-Path $env:OPSTEST_ROOT 'docs/about_OpsModule_Unattended.md')
    function Get-PageExample([string] $Heading) {
        $section = ($page -split '(?m)^## ') | Where-Object { $_.StartsWith($Heading) }
        if (-not $section) { throw "No '## $Heading' section in about_OpsModule_Unattended.md" }
        $match = [regex]::Match($section, '(?s)```powershell\r?\n(.*?)```')
        if (-not $match.Success) { throw "No powershell example under '## $Heading'" }
        $match.Groups[1].Value
    }
    $script:taskScheduler = Get-PageExample 'WINDOWS TASK SCHEDULER'
    $script:automation = Get-PageExample 'AZURE AUTOMATION'
    $script:log = Join-Path ([IO.Path]::GetTempPath()) "ops-health-$(Get-Date -Format yyyyMMdd).log"
    # As on a server where the module is installed: found on PSModulePath and loaded by its first command, no Import-Module.
    $script:installed = @{ PSModulePath = (Split-Path (Split-Path $env:OPSTEST_MODULE)) + [IO.Path]::PathSeparator + $env:PSModulePath }
}

Describe 'Windows Task Scheduler job' {
    BeforeEach { Remove-Item -Path $log -ErrorAction SilentlyContinue }

    It 'exits 0 for a healthy namespace and logs the findings table' {
        $r = Invoke-OpsScript -Script $taskScheduler -Environment $installed -ArgumentList '-Namespace', 'ceoagent'
        $r.ExitCode | Should -Be 0 -Because $r.Error
        Test-Path $log | Should -BeTrue
    }

    It 'exits 2 when a namespace has Critical findings' {
        $r = Invoke-OpsScript -Script $taskScheduler -Environment $installed -ArgumentList '-Namespace', 'test'
        $r.ExitCode | Should -Be 2 -Because $r.Error
        Get-Content -Raw $log | Should -Match 'Critical'
    }

    It 'exits 1 and logs the error id when the check itself cannot run' {
        $r = Invoke-OpsScript -Script $taskScheduler -Environment ($installed + @{ KUBECONFIG = '/nonexistent/kubeconfig' })
        $r.ExitCode | Should -Be 1
        Get-Content -Raw $log | Should -Match 'FAILED Ops\.KubeConfig\.NotFound'
    }

    It 'exits 1 for a namespace that does not exist' {
        $r = Invoke-OpsScript -Script $taskScheduler -Environment $installed -ArgumentList '-Namespace', 'nosuchns'
        $r.ExitCode | Should -Be 1
        Get-Content -Raw $log | Should -Match 'FAILED Ops\.Kubernetes\.NamespaceNotFound'
    }
}

Describe 'Azure Automation runbook' {
    It 'backs up with the Automation account''s assets, writes one JSON line and no secret' {
        # Linux has no Automation sandbox: these two functions stand in for its asset cmdlets, backed by the test servers.
        $assets = @"
function Get-AutomationVariable([string] `$Name) { if (`$Name -ne 'OpsKubeConfig') { throw "no variable `$Name" }; Get-Content -Raw '$env:KUBECONFIG' }
function Get-AutomationPSCredential([string] `$Name) {
    if (`$Name -ne 'ops-s3') { throw "no credential `$Name" }
    [pscredential]::new('$env:AWS_ACCESS_KEY_ID', (ConvertTo-SecureString '$env:AWS_SECRET_ACCESS_KEY' -AsPlainText -Force))
}
Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:KUBECONFIG
"@
        $r = Invoke-OpsScript -Script "Import-Module '$env:OPSTEST_MODULE'`n$assets`n$automation"
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $json = $r.Output.Trim() | ConvertFrom-Json
        $json.Database | Should -Be 'ceoagent'
        $json.Location | Should -BeLike 's3://ops-backups/prod/*'
        $token = (Select-String -Path $env:KUBECONFIG -Pattern '^\s*token:\s*(\S+)').Matches[0].Groups[1].Value
        $r.Output + $r.Error | Should -Not -Match ([regex]::Escape($token))
        $r.Output + $r.Error | Should -Not -Match ([regex]::Escape($env:AWS_SECRET_ACCESS_KEY))
    }
}
