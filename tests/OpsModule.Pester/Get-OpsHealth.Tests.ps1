BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force
}

Describe 'Get-OpsHealth parameters' {
    It 'has exactly these parameters' {
        Get-OpsParameterName Get-OpsHealth | Should -Be @(
            'AllNamespaces', 'CertificateWarningDays', 'Check', 'Context', 'CpuThreshold', 'CriticalThreshold', 'DatabaseConnection',
            'DatabaseContainer', 'DatabaseCredential', 'DatabaseLongQueryThreshold', 'DatabaseName', 'DatabasePod', 'DatabaseTimeoutSec',
            'DbUser', 'ExcludeCode', 'HttpPath', 'HttpTimeoutSec', 'IncludeHealthy', 'KubeConfig', 'MemoryThreshold', 'Namespace',
            'PerPod', 'RestartThreshold', 'Selector', 'Since', 'Summary')
    }

    It 'has exactly these aliases' {
        Get-OpsParameterAlias Get-OpsHealth | Should -Be @('DatabaseTimeout=DatabaseTimeoutSec', 'HttpTimeout=HttpTimeoutSec')
    }
}

Describe 'Get-OpsHealth in the sandbox' {
    Context 'namespace test: the AI code reviewer crash-loops and its certificate expires soon' {
        BeforeAll {
            $script:findings = @(Get-OpsHealth -Namespace test)
        }

        It 'reports each crash-looping ai-code-reviewer pod as Critical PodCrashLoopBackOff' {
            $crashing = @($findings | Where-Object Code -EQ 'PodCrashLoopBackOff')
            $crashing.Count | Should -Be 2
            $crashing.Status | Should -Be @('Critical', 'Critical')
            $crashing.Kind | Should -Be @('Pod', 'Pod')
            $crashing.Name | Should -BeLike 'ai-code-reviewer-*'
        }

        It 'reports the Service ai-code-reviewer without ready endpoints as Critical' {
            $service = @($findings | Where-Object { $_.Code -eq 'ServiceNoReadyEndpoints' -and $_.Name -eq 'ai-code-reviewer' })
            $service.Count | Should -Be 1
            $service[0].Status | Should -Be 'Critical'
            $service[0].Remediation | Should -Not -BeNullOrEmpty
        }

        It 'warns that the TLS certificate ai-code-reviewer-tls expires within 30 days' {
            $certificate = @($findings | Where-Object { $_.Kind -eq 'Secret' -and $_.Name -eq 'ai-code-reviewer-tls' })
            $certificate.Count | Should -Be 1
            $certificate[0].Status | Should -Be 'Warning'
        }

        It 'emits only findings of namespace test' {
            $findings.Namespace | Where-Object { $_ -and $_ -ne 'test' } | Should -BeNullOrEmpty
        }
    }

    Context 'namespace ecommerce-k8s: the HPA is at its maximum and a claim is Pending' {
        BeforeAll {
            $script:findings = @(Get-OpsHealth -Namespace ecommerce-k8s)
        }

        It 'warns that user-service-hpa is at its maximum replicas' {
            $hpa = @($findings | Where-Object Code -EQ 'HpaAtMaxReplicas')
            $hpa.Name | Should -Be 'user-service-hpa'
            $hpa.Status | Should -Be 'Warning'
        }

        It 'warns that the claim order-uploads is Pending' {
            $claim = @($findings | Where-Object Code -EQ 'PvcPending')
            $claim.Name | Should -Be 'order-uploads'
            $claim.Status | Should -Be 'Warning'
        }

        It 'finds nothing Critical' {
            $findings | Where-Object Status -EQ 'Critical' | Should -BeNullOrEmpty
        }
    }

    Context 'namespace ceoagent: healthy' {
        It 'summarises as Healthy with grade A and no Critical or Warning finding' {
            $report = Get-OpsHealth -Namespace ceoagent -Summary
            $report.Status | Should -Be 'Healthy'
            $report.Grade | Should -Be 'A'
            $report.Critical | Should -Be 0
            $report.Warning | Should -Be 0
            $report.Namespaces | Should -Be @('ceoagent')
        }
    }

    Context 'every namespace' {
        It '-AllNamespaces reports the Critical findings of test and none of ceoagent' {
            $critical = @(Get-OpsHealth -AllNamespaces | Where-Object Status -EQ 'Critical')
            $critical.Namespace | Should -Contain 'test'
            $critical.Namespace | Should -Not -Contain 'ceoagent'
        }
    }
}
