BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    # Each restore goes into a database of its own, dropped at the end.
    $script:suffix = [guid]::NewGuid().ToString('N').Substring(0, 6)
    $script:store = New-OpsTestFolder -Prefix restore
    $script:ceoagent = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
}

AfterAll {
    foreach ($database in "ceo_copy_$suffix", "ceo_scaled_$suffix", "ceo_whatif_$suffix", "orders_copy_$suffix") {
        Invoke-OpsPsql -Database postgres -Sql "DROP DATABASE IF EXISTS $database WITH (FORCE)" | Out-Null
    }
}

Describe 'Restore-OpsDatabase parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Restore-OpsDatabase | Should -Be @(
            'Confirm', 'ConnectionString', 'Container', 'Context', 'Credential', 'DbUser', 'FolderPath', 'Force', 'InputObject',
            'KubeConfig', 'Location', 'Namespace', 'NoOwner', 'NoPrivileges', 'PodName', 'Region', 'ScaleDown', 'ScaleDownSelector',
            'Selector', 'StorageCredential', 'StorageEndpoint', 'Store', 'TargetDatabase', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Restore-OpsDatabase | Should -Be @(
            'AzureCredential=StorageCredential', 'Destination=Store', 'S3Credential=StorageCredential', 'S3Endpoint=StorageEndpoint', 'StoreLocation=Store')
    }
}

Describe 'Restore-OpsDatabase -WhatIf' {
    BeforeAll {
        $script:run = Invoke-OpsScript -ImportModule -Script @"
Restore-OpsDatabase -Location '$($ceoagent.Location)' -Namespace ceoagent -PodName postgres-0 -TargetDatabase ceo_whatif_$suffix ``
    -ScaleDown ceoagent-api -WhatIf -ErrorAction Stop
"@
    }

    It 'exits 0 and says which backup it would restore where' {
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match "What if: .*$($ceoagent.Id).*ceo_whatif_$suffix"
    }

    # Issue 9, defect 10: the plan must show the -ScaleDown step too.
    It 'mentions the deployments it would scale down' {
        $run.Output | Should -Match 'ceoagent-api'
    }

    It 'changes nothing' {
        Invoke-OpsPsql -Database postgres -Sql "SELECT count(*) FROM pg_database WHERE datname = 'ceo_whatif_$suffix'" | Should -Be '0'
        Invoke-OpsKubectl get deployment ceoagent-api -n ceoagent -o 'jsonpath={.spec.replicas}' | Should -Be '2'
    }
}

Describe 'Restore-OpsDatabase through the database pod' {
    It 'restores a piped backup into a new database and verifies every table' {
        $result = $ceoagent | Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase "ceo_copy_$suffix" -Confirm:$false
        $result.Verified | Should -BeTrue
        $result.TablesVerified | Should -Be 3
        $result.TargetDatabase | Should -Be "ceo_copy_$suffix"
        Invoke-OpsPsql -Database "ceo_copy_$suffix" -Sql 'SELECT count(*) FROM users' | Should -Be '50'
    }

    It 'scales the -ScaleDown deployment to 0 meanwhile and back to its replicas afterwards' {
        $result = Restore-OpsDatabase -Location $ceoagent.Location -Namespace ceoagent -TargetDatabase "ceo_scaled_$suffix" `
            -ScaleDown ceoagent-api -Confirm:$false
        $result.Verified | Should -BeTrue
        @($result.ScaledDeployments | ForEach-Object { "$($_.Name)=$($_.Replicas)" }) | Should -Be @('ceoagent-api=2')
        Invoke-OpsKubectl get deployment ceoagent-api -n ceoagent -o 'jsonpath={.spec.replicas}' | Should -Be '2'
    }

    It 'refuses to replace a database that holds tables without -Force, and leaves it as it was' {
        { $ceoagent | Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -Confirm:$false -ErrorAction Stop } | Should -Throw
        Invoke-OpsPsql -Database ceoagent -Sql 'SELECT count(*) FROM tasks' | Should -Be '200'
    }
}

Describe 'Restore-OpsDatabase with a local psql' {
    It 'restores through -ConnectionString and -Credential' {
        $orders = Invoke-OpsBackup -Store $store -Database orders -Namespace ecommerce-k8s -Confirm:$false
        $result = $orders | Restore-OpsDatabase -ConnectionString (Get-OpsConnectionString) -Credential (Get-OpsPostgresCredential) `
            -TargetDatabase "orders_copy_$suffix" -Confirm:$false
        $result.Verified | Should -BeTrue
        Invoke-OpsPsql -Database "orders_copy_$suffix" -Sql 'SELECT count(*) FROM order_items' | Should -Be '300'
    }
}
