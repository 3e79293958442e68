BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    function Get-ScratchDatabase {
        @(Invoke-OpsPsql -Database postgres -Sql "SELECT datname FROM pg_database WHERE datname LIKE 'dr\_%' ORDER BY 1")
    }
}

Describe 'Test-DisasterRecovery parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Test-DisasterRecovery | Should -Be @(
            'Confirm', 'ConnectionString', 'Container', 'Context', 'Credential', 'Database', 'DbUser', 'InputObject', 'KeepScratch',
            'KubeConfig', 'Namespace', 'NoOwner', 'NoPrivileges', 'PodName', 'PrimaryContext', 'Region', 'RpoTarget', 'RtoTarget',
            'ScratchDatabase', 'Selector', 'SourceNamespace', 'StorageCredential', 'StorageEndpoint', 'Store', 'TargetContext',
            'TargetNamespace', 'VerifyQuery', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Test-DisasterRecovery | Should -Be @(
            'AzureCredential=StorageCredential', 'Destination=Store', 'S3Credential=StorageCredential', 'S3Endpoint=StorageEndpoint', 'StoreLocation=Store')
    }
}

Describe 'Test-DisasterRecovery drill of the ceoagent database' {
    BeforeAll {
        $script:store = New-OpsTestFolder -Prefix dr
        $script:backup = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $script:scratchBefore = Get-ScratchDatabase
    }

    It 'passes on a fresh backup: RPO, checksum and restore, verification, RTO, cleanup' {
        $drill = $backup | Test-DisasterRecovery -Namespace ceoagent -PodName postgres-0 -VerifyQuery 'SELECT 1 FROM users LIMIT 1'
        $drill.Passed | Should -BeTrue
        $drill.RowCountsMatched | Should -BeTrue
        $drill.BackupId | Should -Be $backup.Id
        $drill.Steps.Name | Should -Be @('PrimaryReachable', 'Rpo', 'ChecksumAndRestore', 'Verify', 'Rto', 'Cleanup')
        $drill.MeasuredRpoSeconds | Should -BeLessThan $drill.RpoTargetSeconds
    }

    It 'drills the newest backup of a store with -Store and -Database, checking the primary cluster by context' {
        $drill = Test-DisasterRecovery -Store $store -Database ceoagent -SourceNamespace ceoagent -Namespace ceoagent -PrimaryContext aks-prod `
            -Debug 5>&1 | Tee-Object -Variable stream | Where-Object { $_ -isnot [System.Management.Automation.DebugRecord] }
        $drill.Passed | Should -BeTrue
        ($drill.Steps | Where-Object Name -EQ 'PrimaryReachable').Passed | Should -BeTrue
        # The primary cluster's client is the base's, like every other: its requests are traced to the debug stream.
        ($stream | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n" |
            Should -Match 'GET /version/? -> 200' -Because 'the primary check asks the API server for its version'
    }

    It 'fails the drill when a verify query returns no row' {
        $drill = $backup | Test-DisasterRecovery -Namespace ceoagent -VerifyQuery 'SELECT 1 FROM users WHERE false'
        $drill.Passed | Should -BeFalse
        ($drill.Steps | Where-Object Name -EQ 'Verify').Passed | Should -BeFalse
    }

    It 'leaves no scratch database behind' {
        Get-ScratchDatabase | Should -Be $scratchBefore
    }
}
