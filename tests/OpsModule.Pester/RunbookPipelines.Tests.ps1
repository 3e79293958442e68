BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:suffix = [guid]::NewGuid().ToString('N').Substring(0, 6)
}

AfterAll {
    foreach ($database in "pipe_backup_$suffix", "pipe_latest_$suffix", "pipe_s3_$suffix") {
        Invoke-OpsPsql -Database postgres -Sql "DROP DATABASE IF EXISTS $database WITH (FORCE)" | Out-Null
    }
}

# The pipes DESIGN.md promises, each as an admin would type it.
Describe 'Invoke-OpsBackup | Restore-OpsDatabase' {
    It 'restores the backup just taken and verifies it' {
        $store = New-OpsTestFolder -Prefix pipe
        $result = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false |
            Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase "pipe_backup_$suffix" -Confirm:$false
        $result.Verified | Should -BeTrue
        Invoke-OpsPsql -Database "pipe_backup_$suffix" -Sql 'SELECT count(*) FROM agents' | Should -Be '5'
    }
}

Describe 'Get-OpsBackup -Latest | Restore-OpsDatabase' {
    It 'restores the newest backup of a folder store' {
        $store = New-OpsTestFolder -Prefix latest
        Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false | Out-Null
        $newest = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $result = Get-OpsBackup -Store $store -Database ceoagent -Latest |
            Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase "pipe_latest_$suffix" -Confirm:$false
        $result.BackupId | Should -Be $newest.Id
        $result.Verified | Should -BeTrue
    }

    # Issue 9, defect 4: the backup object carries its store's endpoint and region, the credential comes from -S3Credential; no
    # AWS_* variable is set, as on an admin's machine that only has the S3 endpoint and a stored credential.
    It 'restores the newest backup of an S3 store given by -S3Endpoint and -S3Credential alone' {
        $store = New-OpsS3Location
        $noAws = @{ AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_REGION = $null; AWS_ENDPOINT_URL_S3 = $null }
        $run = Invoke-OpsScript -ImportModule -Environment $noAws -Script @"
`$ErrorActionPreference = 'Stop'
`$s3 = @{ S3Endpoint = '$env:OPSTEST_S3_ENDPOINT'; S3Credential = [pscredential]::new('$env:AWS_ACCESS_KEY_ID', (ConvertTo-SecureString '$env:AWS_SECRET_ACCESS_KEY' -AsPlainText -Force)) }
`$newest = Invoke-OpsBackup -Store $store @s3 -Database ceoagent -Namespace ceoagent -Confirm:`$false
`$result = Get-OpsBackup -Store $store @s3 -Database ceoagent -Latest |
    Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase pipe_s3_$suffix -S3Credential `$s3.S3Credential -Confirm:`$false
if (`$result.BackupId -ne `$newest.Id -or -not `$result.Verified) { throw "restored `$(`$result.BackupId), verified `$(`$result.Verified)" }
"@
        $run.ExitCode | Should -Be 0 -Because $run.Error
        Invoke-OpsPsql -Database "pipe_s3_$suffix" -Sql 'SELECT count(*) FROM users' | Should -Be '50'
    }
}

Describe 'Invoke-OpsBackup | Test-DisasterRecovery' {
    It 'drills the backup just taken' {
        $store = New-OpsTestFolder -Prefix drill
        $drill = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false |
            Test-DisasterRecovery -Namespace ceoagent -VerifyQuery 'SELECT 1 FROM users LIMIT 1'
        $drill.Passed | Should -BeTrue
    }
}

Describe 'Get-OpsHealth | Where-Object Status -ne Healthy' {
    It 'keeps the problems of the kubeconfig namespace (default), where one web colour is scaled to zero' {
        $problems = @(Get-OpsHealth | Where-Object Status -NE Healthy)
        $problems.Count | Should -BeGreaterThan 0
        $problems.Namespace | Sort-Object -Unique | Should -Be 'default'
        $problems.Status | Should -Not -Contain 'Healthy'
        ($problems | Where-Object Code -EQ 'WorkloadScaledToZero').Name | Should -BeIn 'web-blue', 'web-green'
    }

    It 'keeps the Critical and Warning findings of namespace test and drops its healthy ones' {
        $all = @(Get-OpsHealth -Namespace test -IncludeHealthy)
        $problems = @($all | Where-Object Status -NE Healthy)
        $all.Status | Should -Contain 'Healthy'
        $problems.Status | ForEach-Object ToString | Sort-Object -Unique | Should -Be @('Critical', 'Warning')
    }
}
