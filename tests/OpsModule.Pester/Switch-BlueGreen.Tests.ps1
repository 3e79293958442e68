BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    # The SaaS runbook's layout in namespace production: saas-platform-blue / -green behind saas-platform-active (selector environment).
    function Get-ActiveColor {
        Invoke-OpsKubectl get service saas-platform-active -n production -o 'jsonpath={.spec.selector.environment}'
    }

    function Get-Replicas([string] $Deployment, [string] $Namespace = 'production') {
        [int] (Invoke-OpsKubectl get deployment $Deployment -n $Namespace -o 'jsonpath={.spec.replicas}')
    }

    # Short waits: the sandbox's pods answer at once, so the defaults' 30 s verification and scale-down delay only cost time here.
    $script:fast = @{ HealthyChecks = 1; VerifyDurationSec = 1; ScaleDownDelaySec = 0 }
}

Describe 'Switch-BlueGreen parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Switch-BlueGreen | Should -Be @(
            'BlueDeployment', 'Colors', 'Confirm', 'Container', 'Context', 'Deployment', 'Force', 'GreenDeployment', 'HealthCheck', 'HealthPath',
            'HealthyChecks', 'Image', 'KeepFailed', 'KeepPrevious', 'KubeConfig', 'Namespace', 'Replicas', 'Rollback', 'ScaleDownDelaySec',
            'SelectorKey', 'Service', 'StepIntervalSec', 'Subset', 'TimeoutSec', 'To', 'TrafficSteps', 'VerifyDurationSec', 'VirtualService', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Switch-BlueGreen | Should -Be @(
            'ScaleDownDelay=ScaleDownDelaySec', 'StepInterval=StepIntervalSec', 'Timeout=TimeoutSec', 'VerifyDuration=VerifyDurationSec')
    }
}

Describe 'Switch-BlueGreen -WhatIf' {
    It 'prints the planned steps of a selector switch and changes nothing' {
        $before = Get-ActiveColor
        $run = Invoke-OpsScript -ImportModule -Script 'Switch-BlueGreen -Namespace production -Service saas-platform-active -Deployment saas-platform -WhatIf -ErrorAction Stop'
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'What if: Switch service production/saas-platform-active'
        $run.Output | Should -Match 'PatchSelector'
        Get-ActiveColor | Should -Be $before
    }

    It 'prints the weight steps of a VirtualService switch and changes no weight' {
        $weights = { Invoke-OpsKubectl get virtualservice voice-api -n voicehelper -o 'jsonpath={.spec.http[0].route[*].weight}' }
        $before = & $weights
        $run = Invoke-OpsScript -ImportModule -Script 'Switch-BlueGreen -Namespace voicehelper -VirtualService voice-api -Deployment voice-api -TrafficSteps 50,100 -WhatIf -ErrorAction Stop'
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match 'Weight50'
        $run.Output | Should -Match 'Weight100'
        & $weights | Should -Be $before
    }
}

Describe 'Switch-BlueGreen of saas-platform-active and back' {
    BeforeAll {
        $script:from = Get-ActiveColor
        $script:to = $from -eq 'blue' ? 'green' : 'blue'
        $script:replicas = Get-Replicas "saas-platform-$from"
    }

    It 'switches the Service selector to the idle colour with the new image and scales the old colour to 0' {
        $result = Switch-BlueGreen -Namespace production -Service saas-platform-active -Deployment saas-platform `
            -Image registry.example.com/saas-platform:3.3.0 @fast -Confirm:$false
        $result.Status | Should -Be 'Switched'
        $result.From | Should -Be $from
        $result.To | Should -Be $to
        $result.Steps.Name | Should -Contain 'PatchSelector'
        $result.Steps.Status | Should -Not -Contain 'Failed'
        Get-ActiveColor | Should -Be $to
        Get-Replicas "saas-platform-$to" | Should -Be $replicas
        Get-Replicas "saas-platform-$from" | Should -Be 0
        Invoke-OpsKubectl get deployment "saas-platform-$to" -n production -o 'jsonpath={.spec.template.spec.containers[0].image}' |
            Should -Be 'registry.example.com/saas-platform:3.3.0'
    }

    It '-Rollback goes back to the recorded colour with its replicas' {
        $result = Switch-BlueGreen -Namespace production -Service saas-platform-active -Rollback @fast -Confirm:$false
        $result.Status | Should -Be 'Switched'
        $result.To | Should -Be $from
        Get-ActiveColor | Should -Be $from
        Get-Replicas "saas-platform-$from" | Should -Be $replicas
        Get-Replicas "saas-platform-$to" | Should -Be 0
    }
}
