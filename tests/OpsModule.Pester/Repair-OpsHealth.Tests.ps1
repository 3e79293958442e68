# Issue 15: runbook 004's auto-healer and resolution steps through Repair-OpsHealth, on the runbook's production apps
# (saas-platform-blue / -green behind saas-platform-active, and the PodDisruptionBudget saas-platform, minAvailable 1).
# Faults are switched on per pod with the sandbox's label opsmodule.io/sandbox-fault (tests/OpsModule.Sandbox/README.md).
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    # Earlier files switch the colours: read the live one.
    function Get-LiveDeployment {
        'saas-platform-' + (Invoke-OpsKubectl get service saas-platform-active -n production -o 'jsonpath={.spec.selector.environment}')
    }

    function Get-PodName([string] $Deployment) {
        $color = $Deployment -replace '^saas-platform-', ''
        @(Invoke-OpsKubectl get pods -n production -l "app=saas-platform,environment=$color" -o 'jsonpath={range .items[*]}{.metadata.name}{"\n"}{end}' |
            Where-Object { $_ } | Sort-Object)
    }

    function Test-PodExists([string] $Name) {
        [bool] (Invoke-OpsKubectl get pods -n production --field-selector "metadata.name=$Name" -o name)
    }

    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 20) {
        $deadline = (Get-Date).AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ((Get-Date) -gt $deadline) { throw "timed out waiting for $What" }
            Start-Sleep -Milliseconds 200
        }
    }

    function Set-Fault([string] $Pod, [string] $Fault = 'restarting') {
        Invoke-OpsKubectl label pod $Pod -n production "opsmodule.io/sandbox-fault=$Fault" --overwrite | Out-Null
        Wait-Until { (Invoke-OpsKubectl get pod $Pod -n production -o 'jsonpath={.status.containerStatuses[0].restartCount}') -eq '7' } "7 restarts of $Pod"
    }

    function Clear-Repairs([string] $Deployment) {
        Invoke-OpsKubectl annotate deployment $Deployment -n production 'opsmodule.io/repaired-at-' 'opsmodule.io/repair-' | Out-Null
    }

    function Get-Annotation([string] $Deployment, [string] $Name) {
        Invoke-OpsKubectl get deployment $Deployment -n production -o "jsonpath={.metadata.annotations.opsmodule\.io/$Name}"
    }

    function Wait-AllReady([string] $Deployment) {
        Wait-Until {
            $ready = Invoke-OpsKubectl get deployment $Deployment -n production -o 'jsonpath={.status.readyReplicas}/{.spec.replicas}/{.status.replicas}'
            $parts = $ready -split '/'
            $parts[0] -and $parts[0] -eq $parts[1] -and $parts[1] -eq $parts[2]
        } "every pod of $Deployment Ready"
    }

    $script:live = Get-LiveDeployment
    Clear-Repairs $live
    Wait-AllReady $live
}

AfterAll {
    foreach ($pod in Get-PodName $live) { Invoke-OpsKubectl label pod $pod -n production 'opsmodule.io/sandbox-fault-' | Out-Null }
    Invoke-OpsKubectl delete poddisruptionbudget saas-platform-strict -n production --ignore-not-found | Out-Null
    Clear-Repairs $live
}

Describe 'Repair-OpsHealth parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Repair-OpsHealth | Should -Be @(
            'Action', 'Confirm', 'Context', 'Cooldown', 'Finding', 'KubeConfig', 'MaxPerWorkload', 'Namespace', 'NotReadyFor', 'RestartThreshold',
            'Selector', 'TimeoutSec', 'Wait', 'WhatIf')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Repair-OpsHealth | Should -Be @('Timeout=TimeoutSec')
    }

    It 'asks before it acts (ConfirmImpact High)' {
        $attribute = (Get-Command Repair-OpsHealth).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }
}

Describe 'Repair-OpsHealth, the healer''s first rule (more than 5 restarts) on production' {
    BeforeAll {
        $script:pods = Get-PodName $live
        $script:victim = $pods[0]
        Set-Fault $victim
    }

    It '-WhatIf prints the eviction it would make and changes nothing' {
        $run = Invoke-OpsScript -ImportModule -Script 'Get-OpsHealth -Namespace production -Selector app=saas-platform | Repair-OpsHealth -WhatIf -ErrorAction Stop'
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match ([regex]::Escape("What if: Performing the operation `"Evict (7 restarts, more than 5; Deployment/$live keeps 1 Ready)`" on target `"pod production/$victim`""))
        Test-PodExists $victim | Should -BeTrue
        Get-Annotation $live 'repaired-at' | Should -BeNullOrEmpty
    }

    It 'Get-OpsHealth | Repair-OpsHealth -Wait -Confirm:$false evicts it, its Deployment replaces it, and the idle colour passes through' {
        $results = @(Get-OpsHealth -Namespace production | Repair-OpsHealth -Wait -TimeoutSec 60 -Confirm:$false)
        $script:table = $results | Format-Table -AutoSize | Out-String -Width 220
        Write-Host $table

        $evicted = @($results | Where-Object Action -EQ 'Evict')
        $evicted.Count | Should -Be 1
        $evicted[0].Outcome | Should -Be 'Repaired'
        $evicted[0].Name | Should -Be $victim
        $evicted[0].Code | Should -Be 'PodRestartsHigh'
        $evicted[0].Workload | Should -Be "Deployment/$live"
        $evicted[0].ReplacementPod | Should -Not -BeNullOrEmpty
        $evicted[0].ReplacementPod | Should -Not -BeIn $pods
        Test-PodExists $victim | Should -BeFalse
        Invoke-OpsKubectl get pod $evicted[0].ReplacementPod -n production -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' | Should -Be 'True'

        $idle = @($results | Where-Object Code -EQ 'WorkloadScaledToZero')
        $idle.Outcome | Should -Be 'NotRepairable'
        $idle.Remediation | Should -Match 'kubectl scale'
        Get-Annotation $live 'repaired-at' | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$'
        Get-Annotation $live 'repair' | Should -Be "evicted pod $victim (PodRestartsHigh)"
    }

    It 'the next scheduled run within the cooldown leaves the deployment alone' {
        Wait-AllReady $live
        $next = (Get-PodName $live)[0]
        Set-Fault $next
        $run = Invoke-OpsScript -ImportModule -Script @'
$ErrorActionPreference = 'Stop'
Repair-OpsHealth -Namespace production -Selector app=saas-platform -Confirm:$false | Format-Table Outcome, Action, Name, Reason -Wrap | Out-String -Width 300
'@
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $run.Output | Should -Match "Skipped\s+Evict\s+$next\s+Cooldown: Deployment/$live was repaired at"
        Test-PodExists $next | Should -BeTrue
    }

    It 'with the cooldown passed (-Cooldown 0s), a PodDisruptionBudget allowing no disruption turns the eviction into Skipped with its reason' {
        $replicas = [int] (Invoke-OpsKubectl get deployment $live -n production -o 'jsonpath={.spec.replicas}')
        $pdb = Join-Path $env:OPSTEST_TEMP 'saas-platform-strict.yaml'
        # The seeded budget saas-platform selects all app=saas-platform pods; a second one on the same pods would make the
        # eviction fail as on a real API server (one budget per pod), so this one replaces it for the test.
        Invoke-OpsKubectl delete poddisruptionbudget saas-platform -n production | Out-Null
        try {
            @"
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: saas-platform-strict
  namespace: production
spec:
  minAvailable: $replicas
  selector:
    matchLabels:
      app: saas-platform
"@ | Set-Content $pdb
            Invoke-OpsKubectl apply --validate=false -f $pdb | Out-Null
            Wait-Until { (Invoke-OpsKubectl get pdb saas-platform-strict -n production -o 'jsonpath={.status.currentHealthy}') -eq "$replicas" } 'the strict budget observed'

            $results = @(Repair-OpsHealth -Namespace production -Selector app=saas-platform -Cooldown 0s -Confirm:$false -ErrorVariable failures)

            $failures | Should -BeNullOrEmpty
            $held = @($results | Where-Object Action -EQ 'Evict')
            $held.Count | Should -Be 1
            $held[0].Outcome | Should -Be 'Skipped'
            $held[0].Reason | Should -Be ("The PodDisruptionBudget refused the eviction: Cannot evict pod as it would violate the pod's disruption budget. " +
                "The disruption budget saas-platform-strict needs $replicas healthy pods and has $replicas currently. The next run tries again.")
            Test-PodExists $held[0].Name | Should -BeTrue
        }
        finally {
            Invoke-OpsKubectl delete poddisruptionbudget saas-platform-strict -n production --ignore-not-found | Out-Null
            $pdb = Join-Path $env:OPSTEST_TEMP 'saas-platform.yaml'
            @'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: saas-platform
  namespace: production
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: saas-platform
'@ | Set-Content $pdb
            Invoke-OpsKubectl apply --validate=false -f $pdb | Out-Null
        }
    }

    It 'never evicts the last Ready pod: with one replica left Ready, a second restarting pod is Skipped' {
        $others = @(Get-PodName $live)
        foreach ($pod in $others) { Set-Fault $pod }
        $results = @(Repair-OpsHealth -Namespace production -Selector app=saas-platform -Cooldown 0s -MaxPerWorkload 10 -Confirm:$false)
        $evictions = @($results | Where-Object Action -EQ 'Evict')
        $evictions.Outcome | Should -Be (@('Repaired') + @('Skipped') * ($others.Count - 1))
        $evictions[-1].Reason | Should -Match "^Would leave Deployment/$live with zero Ready replicas"
        Test-PodExists $evictions[-1].Name | Should -BeTrue
    }
}

Describe 'Repair-OpsHealth passes what a restart cannot fix through' {
    It 'shows ecommerce-k8s''s Pending claim and HPA at its maximum as NotRepairable with their remediation, changing nothing' {
        $findings = @(Get-OpsHealth -Namespace ecommerce-k8s)
        $results = @($findings | Repair-OpsHealth -Confirm:$false)

        $results.Count | Should -Be $findings.Count
        $claim = $results | Where-Object Code -EQ 'PvcPending'
        $claim.Outcome | Should -Be 'NotRepairable'
        $claim.Reason | Should -Be 'Not repairable automatically: a claim waits for storage, not for a restart.'
        $claim.Remediation | Should -Be ($findings | Where-Object Code -EQ 'PvcPending').Remediation
        ($results | Where-Object Code -EQ 'HpaAtMaxReplicas').Outcome | Should -Be 'NotRepairable'
    }

    It 'an empty pipe repairs nothing (it does not fall back to the context''s namespace)' {
        $results = @(Get-OpsHealth -Namespace production | Where-Object Code -EQ 'NoSuchCode' | Repair-OpsHealth -Confirm:$false)
        $results | Should -BeNullOrEmpty
    }
}
