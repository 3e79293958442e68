# Azure Blob Storage through the published module in real pwsh, against the sandbox's Azurite: backup → list → restore → DR drill,
# with the store parameters of every store cmdlet (-StorageEndpoint, -StorageCredential and its -AzureCredential alias).
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:suffix = [guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:store = New-OpsAzureLocation -Prefix azpester
    $script:azure = @{ StorageEndpoint = $env:OPSTEST_AZURE_ENDPOINT; StorageCredential = (Get-OpsAzureCredential) }
    $script:backup = Invoke-OpsBackup -Store $store @azure -Database ceoagent -Namespace ceoagent -IncludeConfig -Confirm:$false -ErrorAction Stop
}

AfterAll {
    Invoke-OpsPsql -Database postgres -Sql "DROP DATABASE IF EXISTS az_restore_$suffix WITH (FORCE)" | Out-Null
}

Describe 'Invoke-OpsBackup to Azure Blob Storage' {
    It 'stores a complete, checksummed backup whose object names its store''s kind and endpoint' {
        $backup.Status | Should -Be 'Complete'
        $backup.Kind | Should -Be 'Full'
        $backup.StoreKind | Should -Be 'AzureBlob'
        $backup.StoreLocation | Should -Be $store
        $backup.StoreEndpoint | Should -Be ([uri]$env:OPSTEST_AZURE_ENDPOINT)
        $backup.Location | Should -BeLike "$store/*"
        $backup.Sha256 | Should -Match '^[0-9a-f]{64}$'
        $backup.Files | Should -Contain 'ceoagent.sql.gz'
    }

    It 'takes the account key through the -AzureCredential alias and never shows it' {
        $key = $env:OPSTEST_AZURE_KEY
        $r = Invoke-OpsScript -Script @"
Import-Module '$env:OPSTEST_MODULE'
`$credential = [pscredential]::new('$env:OPSTEST_AZURE_ACCOUNT', (ConvertTo-SecureString '$key' -AsPlainText -Force))
Get-OpsBackup -Store '$store' -StorageEndpoint '$env:OPSTEST_AZURE_ENDPOINT' -AzureCredential `$credential -Verbose -Debug -ErrorAction Stop | Format-List * | Out-String -Width 300
"@
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $r.Output | Should -Match $backup.Id
        "$($r.Output)$($r.Error)" | Should -Not -Match ([regex]::Escape($key))
    }

    It 'fails before pg_dump starts with Ops.Storage.AuthenticationFailed for a wrong key, without showing it' {
        $wrong = [Convert]::ToBase64String([byte[]]::new(64))
        $credential = [pscredential]::new($env:OPSTEST_AZURE_ACCOUNT, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $failure = $null
        Invoke-OpsBackup -Store (New-OpsAzureLocation) -StorageEndpoint $env:OPSTEST_AZURE_ENDPOINT -StorageCredential $credential -Database ceoagent `
            -Namespace ceoagent -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Storage.AuthenticationFailed*'
        "$($failure[0])" | Should -Not -Match ([regex]::Escape($wrong))
    }

    It 'names a missing container with Ops.Storage.BucketNotFound' {
        $failure = $null
        Get-OpsBackup -Store "azblob://$env:OPSTEST_AZURE_ACCOUNT/no-such-container" @azure -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Storage.BucketNotFound*'
        "$($failure[0])" | Should -Match 'no-such-container'
    }
}

Describe 'Get-OpsBackup … | Restore-OpsDatabase and | Test-DisasterRecovery from Azure Blob Storage' {
    It 'restores the newest backup with only the credential given again' {
        $result = Get-OpsBackup -Store $store @azure -Database ceoagent -Latest |
            Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase "az_restore_$suffix" -StorageCredential (Get-OpsAzureCredential) -Confirm:$false
        $result.BackupId | Should -Be $backup.Id
        $result.Verified | Should -BeTrue
        Invoke-OpsPsql -Database "az_restore_$suffix" -Sql 'SELECT count(*) FROM agents' | Should -Be '5'
    }

    It 'drills the newest backup and cleans up' {
        $drill = Get-OpsBackup -Store $store @azure -Database ceoagent -Latest |
            Test-DisasterRecovery -Namespace ceoagent -StorageCredential (Get-OpsAzureCredential) -Confirm:$false
        $drill.Passed | Should -BeTrue
        $drill.RowCountsMatched | Should -BeTrue
        $drill.BackupId | Should -Be $backup.Id
    }

    It 'removes the backup and lists nothing afterwards' {
        Get-OpsBackup -Store $store @azure | Remove-OpsBackup -StorageCredential (Get-OpsAzureCredential) -Confirm:$false
        @(Get-OpsBackup -Store $store @azure -IncludeIncomplete) | Should -HaveCount 0
    }
}
