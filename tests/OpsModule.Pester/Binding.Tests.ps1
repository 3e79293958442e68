# Issue 9, defects 4, 8 and 10: what binds from the pipeline, what travels with a backup, parameters that read alike.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
    $script:folderStore = Join-Path $env:OPSTEST_TEMP "binding-store-$([guid]::NewGuid().ToString('n'))"
    $script:s3Store = "s3://ops-backups/binding-$([guid]::NewGuid().ToString('n'))"
    $script:folderBackup = Invoke-OpsBackup -Store $folderStore -Namespace ceoagent -Database ceoagent -Confirm:$false
    $script:s3Backup = Invoke-OpsBackup -Store $s3Store -Namespace ceoagent -Database ceoagent -Confirm:$false
}

Describe 'Names bind from the pipeline' {
    It "'test','ceoagent' | Get-OpsHealth checks both namespaces in one run" {
        $report = 'test', 'ceoagent' | Get-OpsHealth -Summary
        $report | Should -HaveCount 1
        $report.Namespaces | Should -Be @('test', 'ceoagent')
    }

    It 'objects with a Namespace property bind to Get-OpsHealth -Namespace' {
        $report = [pscustomobject]@{ Namespace = 'ecommerce-k8s' } | Get-OpsHealth -Summary
        $report.Namespaces | Should -Be @('ecommerce-k8s')
    }

    It 'a store path binds by value to Get-OpsBackup' {
        ($folderStore | Get-OpsBackup).Id | Should -Contain $folderBackup.Id
    }

    It 'database names bind by value to Invoke-OpsBackup' {
        $store = Join-Path $env:OPSTEST_TEMP "piped-db-$([guid]::NewGuid().ToString('n'))"
        $backup = 'ceoagent' | Invoke-OpsBackup -Store $store -Namespace ceoagent -Confirm:$false
        $backup.Database | Should -Be 'ceoagent'
    }

    It 'rows with Store and Database (e.g. from Import-Csv) bind to Test-DisasterRecovery by property name' {
        $rows = @([pscustomobject]@{ Store = $folderStore; Database = 'ceoagent' })
        $result = $rows | Test-DisasterRecovery -Namespace ceoagent -Confirm:$false
        $result.Passed | Should -BeTrue
    }

    It 'a backup''s Location binds Restore-OpsDatabase -Location by property name' {
        $plan = Invoke-OpsScript -Script @"
Import-Module '$env:OPSTEST_MODULE'
[pscustomobject]@{ Location = '$($folderBackup.Location)' } | Restore-OpsDatabase -Namespace ceoagent -TargetDatabase piped_location -WhatIf
"@
        $plan.ExitCode | Should -Be 0
        $plan.Output | Should -Match "What if: .*$($folderBackup.Id)"
    }
}

Describe 'A piped backup restores where it was taken' {
    It 'Restore-OpsDatabase without -Namespace looks for the database pod in the backup''s namespace' {
        $plan = Invoke-OpsScript -Script @"
Import-Module '$env:OPSTEST_MODULE'
Get-OpsBackup -Store '$folderStore' -Latest | Restore-OpsDatabase -TargetDatabase where_taken -WhatIf
"@
        $plan.ExitCode | Should -Be 0
        $plan.Output | Should -Match 'pod/postgres-0 \(ceoagent\)'
    }

    It 'Test-DisasterRecovery without -Namespace drills in the piped backup''s namespace' {
        $drill = $folderBackup | Test-DisasterRecovery -Confirm:$false
        $drill.Passed | Should -BeTrue
        $drill.Target | Should -Match 'ceoagent'
    }

    It '-WhatIf of Restore-OpsDatabase names the -ScaleDown step' {
        $plan = Invoke-OpsScript -Script @"
Import-Module '$env:OPSTEST_MODULE'
Get-OpsBackup -Store '$folderStore' -Latest | Restore-OpsDatabase -Namespace ceoagent -ScaleDown ceoagent-api -WhatIf
"@
        $plan.Output | Should -Match 'What if: .*Scale deployment\(s\) ceoagent-api in ceoagent to 0'
    }
}

Describe 'S3 settings travel with the backup' {
    It 'the backup carries its store''s endpoint and region' {
        $s3Backup.StoreEndpoint | Should -Be ([uri]$env:AWS_ENDPOINT_URL_S3)
        $s3Backup.StoreRegion | Should -Be $env:AWS_REGION
    }

    It 'Get-OpsBackup -S3Endpoint … -Latest | Restore-OpsDatabase needs nothing repeated' {
        $credential = [pscredential]::new($env:AWS_ACCESS_KEY_ID, (ConvertTo-SecureString $env:AWS_SECRET_ACCESS_KEY -AsPlainText -Force))
        $script = @"
Import-Module '$env:OPSTEST_MODULE'
Remove-Item Env:AWS_ENDPOINT_URL_S3, Env:AWS_REGION -ErrorAction SilentlyContinue
`$credential = [pscredential]::new('$env:AWS_ACCESS_KEY_ID', (ConvertTo-SecureString '$env:AWS_SECRET_ACCESS_KEY' -AsPlainText -Force))
`$result = Get-OpsBackup -Store '$s3Store' -S3Endpoint '$env:AWS_ENDPOINT_URL_S3' -Region eu-west-1 -S3Credential `$credential -Latest |
    Restore-OpsDatabase -Namespace ceoagent -TargetDatabase s3_travel -S3Credential `$credential -Confirm:`$false -ErrorAction Stop
`$result.Status
"@
        $r = Invoke-OpsScript -Script $script
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $r.Output | Should -Not -Match 'RegionEndpoint|Unexpected failure'
    }

    It 'without a region anywhere the store uses us-east-1, as the AWS CLI does' {
        $script = @"
Import-Module '$env:OPSTEST_MODULE'
Remove-Item Env:AWS_REGION, Env:AWS_DEFAULT_REGION -ErrorAction SilentlyContinue
`$env:AWS_CONFIG_FILE = '/nonexistent/aws-config'
(Get-OpsBackup -Store '$s3Store' -Latest -ErrorAction Stop).StoreRegion
"@
        $r = Invoke-OpsScript -Script $script
        $r.ExitCode | Should -Be 0 -Because $r.Error
        $r.Output.Trim() | Should -Be 'us-east-1'
    }
}

Describe 'Parameters that mean the same read the same' {
    It 'Get-OpsBackup takes -Destination like Invoke-OpsBackup' {
        (Get-OpsBackup -Destination $folderStore).Id | Should -Contain $folderBackup.Id
    }

    It '-Since takes a duration on both Get-OpsHealth and Get-OpsBackup' {
        (Get-OpsBackup -Store $folderStore -Since 2h).Id | Should -Contain $folderBackup.Id
        { Get-OpsHealth -Namespace test -Since 2h -ErrorAction Stop } | Should -Not -Throw
    }

    It '-Since on Get-OpsBackup still takes a date' {
        (Get-OpsBackup -Store $folderStore -Since (Get-Date).AddDays(-1)).Id | Should -Contain $folderBackup.Id
        Get-OpsBackup -Store $folderStore -Since (Get-Date).AddMilliseconds(-1) | Where-Object Id -eq $folderBackup.Id | Should -BeNullOrEmpty
    }

    It 'unquoted 7d and 90s mean days and seconds, although PowerShell parses them as the numbers 7 and 90' {
        (Get-OpsBackup -Store $folderStore -Since 7d).Id | Should -Contain $folderBackup.Id
        (Get-OpsBackup -Store $folderStore -Since 900s).Id | Should -Contain $folderBackup.Id
        Test-DisasterRecovery -Store $folderStore -Database ceoagent -Namespace ceoagent -RpoTarget 1d -Confirm:$false |
            ForEach-Object RpoTargetSeconds | Should -Be 86400
    }

    It 'a bare number is refused with a message that shows the format' {
        { Get-OpsHealth -Namespace test -Since 5 -ErrorAction Stop } | Should -Throw '*2h*'
    }

    It 'timeouts are whole seconds named *Sec on every cmdlet' {
        $timeouts = Get-Command -Module OpsModule | ForEach-Object { $_.Parameters.Values } | Where-Object Name -Match 'Timeout'
        $timeouts.Name | ForEach-Object { $_ | Should -Match 'Sec$' }
        $timeouts.ParameterType | ForEach-Object { $_ | Should -Be ([int]) }
    }

    It 'Test-DisasterRecovery takes -RpoTarget 24h' {
        (Get-Command Test-DisasterRecovery).Parameters['RpoTarget'].ParameterType | Should -Be ([timespan])
        $result = Test-DisasterRecovery -Store $folderStore -Database ceoagent -Namespace ceoagent -RpoTarget 24h -RtoTarget 30m -Confirm:$false
        $result.RpoTargetSeconds | Should -Be 86400
    }
}
