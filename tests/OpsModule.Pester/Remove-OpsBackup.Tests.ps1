BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
}

Describe 'Remove-OpsBackup parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Remove-OpsBackup | Should -Be @(
            'Confirm', 'Database', 'InputObject', 'KeepLast', 'Namespace', 'OlderThanDays', 'PassThru', 'Region', 'StorageCredential',
            'StorageEndpoint', 'Store', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Remove-OpsBackup | Should -Be @(
            'AzureCredential=StorageCredential', 'Destination=Store', 'OlderThan=OlderThanDays', 'Path=Store', 'S3Credential=StorageCredential', 'S3Endpoint=StorageEndpoint', 'StoreLocation=Store')
    }
}

Describe 'Remove-OpsBackup in a folder store' {
    BeforeEach {
        $script:store = New-OpsTestFolder -Prefix remove
        $script:backups = @(1..3 | ForEach-Object { Invoke-OpsBackup -Store $store -Database users -Namespace ecommerce-k8s -Confirm:$false })
    }

    It '-KeepLast 1 removes all but the newest backup' {
        Remove-OpsBackup -Store $store -KeepLast 1 -Confirm:$false
        @(Get-OpsBackup -Store $store).Id | Should -Be @($backups[2].Id)
        $backups[0].Location | Should -Not -Exist
    }

    It '-WhatIf removes nothing' {
        Remove-OpsBackup -Store $store -KeepLast 1 -WhatIf
        @(Get-OpsBackup -Store $store).Count | Should -Be 3
    }

    It 'removes the backups piped from Get-OpsBackup and passes them on with -PassThru' {
        $removed = @(Get-OpsBackup -Store $store | Select-Object -Skip 1 | Remove-OpsBackup -PassThru -Confirm:$false)
        $removed.Id | Should -Be @($backups[1].Id, $backups[0].Id)
        @(Get-OpsBackup -Store $store).Id | Should -Be @($backups[2].Id)
    }
}
