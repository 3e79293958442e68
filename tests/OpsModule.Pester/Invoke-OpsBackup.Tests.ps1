BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
}

Describe 'Invoke-OpsBackup parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Invoke-OpsBackup | Should -Be @(
            'CompressionLevel', 'ConfigOnly', 'Confirm', 'ConnectionString', 'Container', 'Context', 'Credential', 'Database', 'DbUser',
            'EncryptionPassphrase', 'Format', 'IncludeConfig', 'IncludeSecretValues', 'KeepLast', 'KubeConfig', 'Namespace', 'PodName',
            'Region', 'RetentionDays', 'Selector', 'StorageCredential', 'StorageEndpoint', 'Store', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Invoke-OpsBackup | Should -Be @(
            'AzureCredential=StorageCredential', 'Destination=Store', 'Path=Store', 'S3Credential=StorageCredential', 'S3Endpoint=StorageEndpoint', 'StoreLocation=Store')
    }
}

Describe 'Invoke-OpsBackup of the ceoagent database to a folder' {
    BeforeAll {
        $script:store = New-OpsTestFolder -Prefix backup
        $script:backup = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
    }

    It 'emits one complete Database backup of ceoagent taken in postgres-0' {
        @($backup).Count | Should -Be 1
        $backup.Kind | Should -Be 'Database'
        $backup.Status | Should -Be 'Complete'
        $backup.Namespace | Should -Be 'ceoagent'
        $backup.Database | Should -Be 'ceoagent'
        $backup.Source | Should -Be 'postgres-0'
        $backup.Context | Should -Be 'aks-prod'
    }

    It 'counts the rows of every table of the dump' {
        $counts = @($backup.Tables | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Rows)" })
        $counts | Should -Be @('agents=5', 'tasks=200', 'users=50')
    }

    It 'stores the dump and its manifest in store/context/namespace/database/id' {
        $backup.Location | Should -BeLike (Join-Path $store 'aks-prod' 'ceoagent' 'ceoagent' '*')
        Join-Path $backup.Location 'manifest.json' | Should -Exist
        $backup.Sha256 | Should -Match '^[0-9a-f]{64}$'
        $backup.Size | Should -BeGreaterThan 0
    }
}

Describe 'Invoke-OpsBackup to S3 (s3rver)' {
    It 'backs up with -S3Endpoint and -S3Credential' {
        $store = New-OpsS3Location
        $backup = Invoke-OpsBackup -Store $store -S3Endpoint $env:OPSTEST_S3_ENDPOINT -S3Credential (Get-OpsS3Credential) `
            -Database ceoagent -Namespace ceoagent -Confirm:$false
        $backup.Status | Should -Be 'Complete'
        $backup.Location | Should -BeLike "$store/aks-prod/ceoagent/ceoagent/*"
    }

    It 'backs up with nothing but the AWS environment (endpoint, keys and region), as the README example does' {
        $store = New-OpsS3Location
        $backup = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $backup.Status | Should -Be 'Complete'
        $backup.Location | Should -BeLike "$store/*"
    }
}

Describe 'Invoke-OpsBackup of configuration' {
    It '-IncludeConfig makes one Full backup holding the dump and the namespace configuration' {
        $store = New-OpsTestFolder -Prefix full
        $backup = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -IncludeConfig -Confirm:$false
        $backup.Kind | Should -Be 'Full'
        $backup.Status | Should -Be 'Complete'
        @(Get-ChildItem -LiteralPath $backup.Location -Recurse -File -Filter '*.yaml').Count | Should -BeGreaterThan 0
    }

    It '-ConfigOnly backs up the namespace configuration without a database' {
        $store = New-OpsTestFolder -Prefix config
        $backup = Invoke-OpsBackup -Store $store -ConfigOnly -Namespace ecommerce-k8s -Confirm:$false
        $backup.Kind | Should -Be 'Config'
        $backup.Namespace | Should -Be 'ecommerce-k8s'
        $backup.Location | Should -BeLike (Join-Path $store 'aks-prod' 'ecommerce-k8s' '_config' '*')
    }
}

Describe 'Invoke-OpsBackup -WhatIf' {
    It 'stores nothing' {
        $store = New-OpsTestFolder -Prefix whatif
        Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -WhatIf | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $store -Recurse -File | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-OpsBackup with a local pg_dump' {
    It 'backs up through -ConnectionString and -Credential' {
        $store = New-OpsTestFolder -Prefix local
        $backup = Invoke-OpsBackup -Store $store -Database orders -ConnectionString (Get-OpsConnectionString -Database orders) `
            -Credential (Get-OpsPostgresCredential) -Confirm:$false
        $backup.Status | Should -Be 'Complete'
        $backup.Database | Should -Be 'orders'
        @($backup.Tables | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Rows)" }) | Should -Be @('order_items=300', 'orders=300')
    }
}
