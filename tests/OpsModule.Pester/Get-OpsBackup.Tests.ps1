BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
}

Describe 'Get-OpsBackup parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Get-OpsBackup | Should -Be @(
            'Context', 'Database', 'IncludeIncomplete', 'Kind', 'Latest', 'Namespace', 'Region', 'Since', 'StorageCredential',
            'StorageEndpoint', 'Store')
    }

    # Issue 9, defect 10: Invoke-OpsBackup's -Destination alias of -Store belongs here too.
    It 'has exactly these aliases' {
        Get-OpsParameterAlias Get-OpsBackup | Should -Be @(
            'AzureCredential=StorageCredential', 'Destination=Store', 'Path=Store', 'S3Credential=StorageCredential', 'S3Endpoint=StorageEndpoint', 'StoreLocation=Store')
    }
}

Describe 'Get-OpsBackup of a folder store' {
    BeforeAll {
        $script:store = New-OpsTestFolder -Prefix list
        $script:first = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $script:second = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $script:config = Invoke-OpsBackup -Store $store -ConfigOnly -Namespace test -Confirm:$false
    }

    It 'lists every complete backup, newest first' {
        $listed = @(Get-OpsBackup -Store $store)
        $listed.Id | Should -Be @($config.Id, $second.Id, $first.Id)
    }

    It 'lists the backups of one database with -Database' {
        @(Get-OpsBackup -Store $store -Database ceoagent).Id | Should -Be @($second.Id, $first.Id)
    }

    It 'lists the configuration backups with -Kind Config' {
        @(Get-OpsBackup -Store $store -Kind Config).Id | Should -Be @($config.Id)
    }

    It 'gives the newest backup of the database with -Latest' {
        @(Get-OpsBackup -Store $store -Database ceoagent -Latest).Id | Should -Be @($second.Id)
    }

    It 'lists what a backup holds as Invoke-OpsBackup reported it' {
        $listed = Get-OpsBackup -Store $store -Database ceoagent -Latest
        $listed.Sha256 | Should -Be $second.Sha256
        $listed.Location | Should -Be $second.Location
        @($listed.Tables).Count | Should -Be 3
    }
}

Describe 'Get-OpsBackup of an S3 store' {
    It 'lists a backup made to S3 with the same endpoint and credential' {
        $store = New-OpsS3Location
        $backup = Invoke-OpsBackup -Store $store -S3Endpoint $env:OPSTEST_S3_ENDPOINT -S3Credential (Get-OpsS3Credential) `
            -Database ceoagent -Namespace ceoagent -Confirm:$false
        $listed = @(Get-OpsBackup -Store $store -S3Endpoint $env:OPSTEST_S3_ENDPOINT -S3Credential (Get-OpsS3Credential))
        $listed.Id | Should -Be @($backup.Id)
        $listed[0].Location | Should -Be $backup.Location
    }

    It 'lists with nothing but the AWS environment, as the README example does' {
        $store = New-OpsS3Location
        $backup = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        @(Get-OpsBackup -Store $store -Latest).Id | Should -Be @($backup.Id)
    }
}
