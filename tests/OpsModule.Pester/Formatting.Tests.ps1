# Issue 9, defects 6 and 7: what an admin sees of every output type. Tables at 120 and 200 columns cut no word the module writes,
# Format-List prints no type names, and ConvertTo-Json at its default depth (2) writes enums as names, durations as numbers, no
# manifest, and no more than one line per value.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    $script:rendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'

    # OpsModule.Core lives in the module's own load context, where PowerShell's [TypeName] lookup does not reach: find its types
    # in the loaded assembly (a command's OutputType loads it).
    function Get-OpsCoreType([string] $Name) {
        $null = (Get-Command Get-OpsHealth).OutputType.Type
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'OpsModule.Core' } | Select-Object -First 1
        $core.GetType($Name, $true)
    }

    function Get-LongestHealthCode {
        # HealthCodes lists every code the checks can emit (the catalogue -ExcludeCode completes from).
        $codes = (Get-OpsCoreType 'OpsModule.Core.Health.HealthCodes')::All | ForEach-Object Item1
        $codes | Sort-Object Length -Descending | Select-Object -First 1
    }

    # One line per value: a scalar is one line, a list adds its brackets, an object in a list its braces. A TimeSpan (15 fields)
    # or a nested manifest is one value that takes many lines, so it breaks this budget.
    function Get-JsonLineBudget {
        param($InputObject)
        $lines = 2
        foreach ($property in $InputObject.PSObject.Properties) {
            $value = $property.Value
            if ($value -is [System.Collections.IEnumerable] -and $value -isnot [string]) {
                $lines += 2
                foreach ($item in $value) {
                    $lines += ($item -is [string] -or $item -is [ValueType]) ? 1 : 2 + @($item.PSObject.Properties).Count
                }
            }
            else {
                $lines += 1
            }
        }
        $lines
    }

    function Get-ModuleWord {
        # The words of a table row that must never be cut: codes, statuses, step names and ids the module writes, and the
        # sandbox's own short names (tables, databases).
        param($InputObject)
        $names = switch ($InputObject.GetType().Name) {
            'OpsHealthResult' { 'Status', 'Code' }
            'OpsHealthReport' { 'Status', 'Grade', 'Context' }
            'OpsBackup' { 'Status', 'Kind', 'Namespace', 'Database', 'Id' }
            'OpsBackupTable' { 'Schema', 'Name' }
            'OpsRestoreResult' { 'Verified', 'TargetDatabase', 'BackupId' }
            'OpsRestoreMismatch' { 'Schema', 'Table' }
            'OpsScaledDeployment' { 'Namespace', 'Name' }
            'OpsBlueGreenResult' { 'Status', 'Namespace' }
            'OpsBlueGreenStep' { 'Status', 'Name' }
            'OpsRepairResult' { 'Outcome', 'Action', 'Code' }
            'OpsDrTestResult' { 'Passed', 'Database', 'BackupId' }
            'OpsDrTestStep' { 'Name' }
        }
        foreach ($name in $names) { "$($InputObject.$name)" }
    }

    # Real objects, made the way an admin makes them in the sandbox.
    $script:health = @(Get-OpsHealth -Namespace test, ecommerce-k8s, production -IncludeHealthy)
    $script:report = Get-OpsHealth -Namespace test -Summary
    $store = Join-Path $env:OPSTEST_TEMP "views-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:backup = Invoke-OpsBackup -Store $store -Namespace ceoagent -Database ceoagent -Confirm:$false
    $script:listed = @(Get-OpsBackup -Store $store)
    $script:restore = $backup | Restore-OpsDatabase -Namespace ceoagent -PodName postgres-0 -TargetDatabase "views_$($backup.Id)" `
        -ScaleDown ceoagent-api -Confirm:$false
    $script:drill = $backup | Test-DisasterRecovery -Namespace ceoagent -PodName postgres-0 -Confirm:$false
    $script:repairs = @(Get-OpsHealth -Namespace ecommerce-k8s, production | Repair-OpsHealth -Confirm:$false)
    $script:switch = Switch-BlueGreen -Namespace production -Service saas-platform-active -Deployment saas-platform -VerifyDurationSec 1 `
        -ScaleDownDelaySec 0 -Confirm:$false

    # The longest words the module can write, which no sandbox fault produces: built through the public types.
    $script:longestCode = Get-LongestHealthCode
    $worstFinding = New-Object -TypeName (Get-OpsCoreType 'OpsModule.Core.Health.OpsHealthResult') -Property @{
        Code = $longestCode; Status = 'Critical'; Check = 'Services'; Namespace = 'production'; Kind = 'HorizontalPodAutoscaler'
        Name = 'saas-platform-active'; Message = 'The selector environment=green matches no pod: every request to the Service fails.'
        Remediation = 'kubectl get pods -n production -l environment=green'
    }
    $cancelledStep = (Get-OpsCoreType 'OpsModule.Core.BlueGreen.OpsBlueGreenStep')::new('WaitEndpointsRestored', 'Cancelled', [timespan]::FromSeconds(1.5), 'cancelled')
    $skippedStep = (Get-OpsCoreType 'OpsModule.Core.DisasterRecovery.OpsDrTestStep')::new('ChecksumAndRestore', $null, [timespan]::Zero, 'Not run: the restore failed.')
    $heldRepair = New-Object -TypeName (Get-OpsCoreType 'OpsModule.Core.Repair.OpsRepairResult') -Property @{
        Code = $longestCode; Status = 'Critical'; Action = 'ScaleUp'; Outcome = 'NotRepairable'; Namespace = 'production'; Kind = 'Deployment'
        Name = 'saas-platform-blue'; Workload = 'Deployment/saas-platform-blue'
        Reason = 'Cooldown: Deployment/saas-platform-blue was repaired at 2026-12-06T10:00:00Z (3 min ago); next repair after 2026-12-06T10:10:00Z.'
    }
    $missingTable = (Get-OpsCoreType 'OpsModule.Core.Restore.OpsRestoreMismatch')::new('public', 'tasks', 42, $null)

    $script:objects = @{
        OpsHealthResult     = @($health) + $worstFinding
        OpsHealthReport     = @($report)
        OpsBackup           = @($backup) + $listed
        OpsBackupTable      = @($backup.Tables)
        OpsRestoreResult    = @($restore)
        OpsRestoreMismatch  = @($missingTable)
        OpsScaledDeployment = @($restore.ScaledDeployments)
        OpsBlueGreenResult  = @($switch)
        OpsBlueGreenStep    = @($switch.Steps) + $cancelledStep
        OpsDrTestResult     = @($drill)
        OpsDrTestStep       = @($drill.Steps) + $skippedStep
        OpsRepairResult     = @($repairs) + $heldRepair
    }
}

BeforeDiscovery {
    $types = foreach ($name in 'OpsHealthResult', 'OpsHealthReport', 'OpsBackup', 'OpsBackupTable', 'OpsRestoreResult', 'OpsRestoreMismatch',
        'OpsScaledDeployment', 'OpsBlueGreenResult', 'OpsBlueGreenStep', 'OpsDrTestResult', 'OpsDrTestStep', 'OpsRepairResult') { @{ Type = $name } }
}

AfterAll {
    if ($switch.Status -eq 'Switched') {
        Switch-BlueGreen -Namespace production -Service saas-platform-active -Deployment saas-platform -Rollback -VerifyDurationSec 1 `
            -ScaleDownDelaySec 0 -Confirm:$false | Out-Null
    }
    $PSStyle.OutputRendering = $rendering
}

Describe 'The sandbox gave every output type' {
    It 'has real objects of <Type>' -ForEach $types {
        $objects[$Type].Count | Should -BeGreaterThan 0
        $objects[$Type] | ForEach-Object { $_.GetType().Name } | Select-Object -Unique | Should -Be $Type
    }
}

Describe 'Format-Table of <Type> at <Width> columns' -ForEach @(
    foreach ($case in $types) { foreach ($width in 120, 200) { @{ Type = $case.Type; Width = $width } } }
) {
    BeforeAll {
        $script:text = $objects[$Type] | Format-Table | Out-String -Width $Width
        $script:lines = $text -split "`r?`n"
    }

    It 'fits the width' {
        $lines | Where-Object Length -GT $Width | Should -BeNullOrEmpty
    }

    It 'cuts nothing with an ellipsis' {
        $text | Should -Not -Match '…|\.\.\.\s*$'
    }

    It 'shows every code, status, step name and id whole, on one line' {
        $words = $objects[$Type] | ForEach-Object { Get-ModuleWord $_ } | Where-Object { $_ } | Select-Object -Unique
        foreach ($word in $words) {
            $lines | Where-Object { $_ -match "(^|\W)$([regex]::Escape($word))(\W|$)" } | Should -Not -BeNullOrEmpty -Because "'$word' must not be cut or wrapped"
        }
    }
}

Describe 'Format-Table keeps the words issue 9 saw cut' -ForEach @(@{ Width = 120 }, @{ Width = 200 }) {
    It 'the longest health code whole at <Width> columns' {
        $longestCode | Should -Not -BeNullOrEmpty
        $objects.OpsHealthResult | Format-Table | Out-String -Width $Width | Should -Match "\b$longestCode\b"
    }

    It 'service/saas-platform-active whole at <Width> columns' {
        $switch | Format-Table | Out-String -Width $Width | Should -Match 'service/saas-platform-active\b'
    }

    It 'every crash-looping pod of the sandbox whole at <Width> columns' {
        $pods = @($health | Where-Object Code -EQ 'PodCrashLoopBackOff')
        $pods | Should -Not -BeNullOrEmpty
        $text = $health | Format-Table | Out-String -Width $Width
        foreach ($pod in $pods) { $text | Should -Match "pod/$([regex]::Escape($pod.Name))\b" }
    }
}

Describe 'Format-List of <Type>' -ForEach $types {
    It 'names no .NET type in its view' {
        $objects[$Type] | Format-List | Out-String -Width 120 | Should -Not -Match 'System\.Collections|OpsModule\.Core\.|`\d\['
    }

    It 'names no .NET type with every property (Format-List *)' {
        $objects[$Type] | Format-List -Property * | Out-String -Width 120 | Should -Not -Match 'System\.Collections|OpsModule\.Core\.|`\d\['
    }
}

Describe 'Format-List shows the lists of an object one line per item' {
    It 'lists the steps of a switch by name and status' {
        $text = $switch | Format-List | Out-String -Width 120
        foreach ($step in $switch.Steps) { $text | Should -Match "$($step.Status)\s+$($step.Name)\b" }
    }

    It 'lists the steps of a drill' {
        $text = $drill | Format-List | Out-String -Width 120
        foreach ($step in $drill.Steps) { $text | Should -Match "\b$($step.Name)\b" }
    }

    It 'counts the tables of a backup instead of printing them' {
        $backup | Format-List | Out-String -Width 120 | Should -Match "Tables\s+: $($backup.Tables.Count) tables, \d+ rows"
    }
}

Describe 'ConvertTo-Json (default depth) of <Type>' -ForEach $types {
    BeforeAll {
        $script:object = $objects[$Type][0]
        $script:json = $object | ConvertTo-Json -WarningVariable depthWarning -WarningAction SilentlyContinue
        $script:depthWarning = $depthWarning
        $script:parsed = $json | ConvertFrom-Json -AsHashtable
    }

    It 'needs no more depth than the default: -Depth 10 writes the same' {
        $depthWarning | Should -BeNullOrEmpty
        $object | ConvertTo-Json -Depth 10 | Should -BeExactly $json
    }

    It 'writes each enum by name' {
        foreach ($property in $object.PSObject.Properties | Where-Object { $_.Value -is [enum] }) {
            $parsed[$property.Name] | Should -BeOfType [string]
            $parsed[$property.Name] | Should -Be "$($property.Value)"
        }
        foreach ($list in $object.PSObject.Properties | Where-Object { $_.Value -is [System.Collections.IEnumerable] -and $_.Value -isnot [string] }) {
            $items = @($list.Value)
            for ($i = 0; $i -lt $items.Count; $i++) {
                foreach ($property in $items[$i].PSObject.Properties | Where-Object { $_.Value -is [enum] }) {
                    $parsed[$list.Name][$i][$property.Name] | Should -Be "$($property.Value)"
                }
            }
        }
    }

    It 'writes durations as seconds, not as TimeSpan fields' {
        $json | Should -Not -Match '"(Ticks|TotalMilliseconds|TotalSeconds)"'
    }

    It 'does not repeat the backup manifest' {
        $json | Should -Not -Match '"Manifest"|"FormatVersion"'
    }

    It 'takes at most one line per value' {
        ($json -split "`n").Count | Should -BeLessOrEqual (Get-JsonLineBudget $object)
    }
}

Describe 'ConvertTo-Json of what the runbooks pipe' {
    It 'a switch is one object per step, whatever the depth (issue 9 counted 272 lines)' {
        $lines = ($switch | ConvertTo-Json -Depth 10) -split "`n"
        # 12 scalar lines and braces, the Steps brackets, and per step its braces and 4 fields.
        $lines.Count | Should -BeLessOrEqual (14 + 6 * $switch.Steps.Count)
        ($switch | ConvertTo-Json | ConvertFrom-Json).Steps[0].DurationSeconds | Should -BeOfType [double]
    }

    It 'a piped list of findings has string statuses and codes' {
        $parsed = $health | ConvertTo-Json | ConvertFrom-Json
        $parsed.Count | Should -Be $health.Count
        $parsed.Status | Select-Object -Unique | Should -BeIn 'Healthy', 'Warning', 'Critical', 'Unknown'
        $parsed.Check | Select-Object -First 1 | Should -BeOfType [string]
    }
}

Describe 'The shell keeps typed values' {
    It 'Where-Object Status -eq Critical finds the critical findings' {
        $critical = @($health | Where-Object Status -EQ Critical)
        $critical | Should -Not -BeNullOrEmpty
        $critical.Status | Select-Object -Unique | Should -Be 'Critical'
        $critical[0].Status | Should -BeOfType (Get-OpsCoreType 'OpsModule.Core.Health.HealthStatus')
    }

    It 'Sort-Object Status -Descending puts Critical first, by severity not by name' {
        $sorted = @($health | Sort-Object Status -Descending)
        $sorted[0].Status | Should -Be 'Critical'
        $sorted[-1].Status | Should -Be 'Healthy'
    }

    It 'durations compare as numbers' {
        @($switch.Steps | Where-Object DurationSeconds -GE 0).Count | Should -Be $switch.Steps.Count
    }
}

Describe 'Newtonsoft.Json is PowerShell''s own' {
    It 'the module ships no Newtonsoft.Json.dll' {
        Get-ChildItem (Split-Path $env:OPSTEST_MODULE) -Recurse -Filter 'Newtonsoft.Json*.dll' | Should -BeNullOrEmpty
    }

    It 'the enums name the StringEnumConverter of the Newtonsoft.Json ConvertTo-Json uses' {
        $attribute = (Get-OpsCoreType 'OpsModule.Core.Health.HealthStatus').GetCustomAttributes($false) | Where-Object { $_ -is [Newtonsoft.Json.JsonConverterAttribute] }
        $attribute.ConverterType | Should -Be ([Newtonsoft.Json.Converters.StringEnumConverter])
        $attribute.ConverterType.Assembly | Should -Be ([Newtonsoft.Json.JsonConvert].Assembly)
    }
}
