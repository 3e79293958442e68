# Issue 9, defects 1, 2, 9 and 10: failures an unattended script can see, stop on and log.
BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    function New-UnreachableKubeConfig {
        $path = Join-Path $env:OPSTEST_TEMP "unreachable-$([guid]::NewGuid().ToString('n')).yaml"
        @(
            'apiVersion: v1', 'kind: Config',
            'clusters:', '- name: gone', '  cluster:', '    server: https://127.0.0.1:1',
            'users:', '- name: gone', '  user:', '    token: not-a-real-token',
            'contexts:', '- name: gone', '  context:', '    cluster: gone', '    user: gone',
            'current-context: gone'
        ) | Set-Content -Path $path
        $path
    }
}

Describe 'A typo is an error, never a green report' {
    It 'Get-OpsHealth -Namespace of a namespace that does not exist writes Ops.Kubernetes.NamespaceNotFound and no findings' {
        $out = Get-OpsHealth -Namespace nosuchns -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Kubernetes.NamespaceNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuchns'
    }

    It 'Get-OpsHealth -Summary of a missing namespace writes no report (no grade for nothing checked)' {
        $report = Get-OpsHealth -Namespace nosuchns -Summary -ErrorVariable err -ErrorAction SilentlyContinue
        $report | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Kubernetes.NamespaceNotFound,*'
    }

    It 'a missing namespace beside a real one: the real one is still reported, the typo is an error' {
        $report = Get-OpsHealth -Namespace test, nosuchns -Summary -ErrorVariable err -ErrorAction SilentlyContinue
        $report.Namespaces | Should -Be @('test')
        $err | Should -HaveCount 1
        $err[0].TargetObject | Should -Be 'nosuchns'
    }

    It 'Get-OpsBackup -Store of a folder that does not exist is Ops.Storage.StoreNotFound' {
        $missing = Join-Path $env:OPSTEST_TEMP 'no-such-store'
        $out = Get-OpsBackup -Store $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Storage.StoreNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'an empty store folder lists nothing and is no error' {
        $empty = New-Item -ItemType Directory -Path (Join-Path $env:OPSTEST_TEMP "empty-store-$([guid]::NewGuid().ToString('n'))")
        Get-OpsBackup -Store $empty.FullName -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }
}

Describe '-ErrorAction Stop ends a pwsh -NonInteractive -File script with a nonzero exit code' {
    It 'when the kubeconfig does not exist' {
        $r = Invoke-OpsScript -Script "Import-Module '$env:OPSTEST_MODULE'; Get-OpsHealth -KubeConfig /nonexistent/kubeconfig -ErrorAction Stop; 'still running'"
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Not -Match 'still running'
    }

    It 'when the API server cannot be reached' {
        $kc = New-UnreachableKubeConfig
        $r = Invoke-OpsScript -Script "Import-Module '$env:OPSTEST_MODULE'; Get-OpsHealth -KubeConfig '$kc' -ErrorAction Stop; 'still running'"
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Not -Match 'still running'
    }

    It 'when the database pod does not exist' {
        $store = Join-Path $env:OPSTEST_TEMP 'stop-store'
        $r = Invoke-OpsScript -Script "Import-Module '$env:OPSTEST_MODULE'; Invoke-OpsBackup -Store '$store' -Namespace ceoagent -Database ceoagent -PodName no-such-pod -Confirm:`$false -ErrorAction Stop; 'still running'"
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Not -Match 'still running'
    }

    It 'with -ErrorAction SilentlyContinue the same failure is hidden and the script goes on to exit 0' {
        $r = Invoke-OpsScript -Script "Import-Module '$env:OPSTEST_MODULE'; Get-OpsHealth -KubeConfig /nonexistent/kubeconfig -ErrorAction SilentlyContinue; 'still running'"
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match 'still running'
    }
}

Describe 'Errors name what they are about' {
    It 'a missing kubeconfig names the kubeconfig file as TargetObject' {
        Get-OpsHealth -KubeConfig /nonexistent/kubeconfig -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Ops.KubeConfig.NotFound,*'
        $err[0].TargetObject | Should -Be '/nonexistent/kubeconfig'
    }

    It 'an unreachable API server names the server, not the first API path that was tried' {
        $kc = New-UnreachableKubeConfig
        Get-OpsHealth -KubeConfig $kc -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Kubernetes.Unreachable,*'
        $err[0].TargetObject | Should -Be 'https://127.0.0.1:1'
        $err[0].Exception.Message | Should -Not -Match 'not-a-real-token'
    }
}

Describe 'Progress bars are completed' {
    It 'every activity Get-OpsHealth opens ends with a Completed record' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:OPSTEST_MODULE).AddStatement().AddCommand('Get-OpsHealth').AddParameter('Namespace', 'test')
            $null = $ps.Invoke()
            $progress = @($ps.Streams.Progress)
            $progress | Should -Not -BeNullOrEmpty
            foreach ($activity in $progress | Group-Object ActivityId) {
                $activity.Group[-1].RecordType | Should -Be 'Completed'
            }
        }
        finally { $ps.Dispose() }
    }

    It 'a failed command completes its progress too' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($env:OPSTEST_MODULE).AddStatement().AddCommand('Get-OpsHealth').AddParameter('Namespace', 'nosuchns')
            $null = $ps.Invoke()
            $ps.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'Ops.Kubernetes.NamespaceNotFound,*'
            foreach ($activity in @($ps.Streams.Progress) | Group-Object ActivityId) {
                $activity.Group[-1].RecordType | Should -Be 'Completed'
            }
        }
        finally { $ps.Dispose() }
    }
}

Describe '-Debug' {
    It 'writes the API requests with their timings, never prompts, and never shows the token, in a host without stdin' {
        $token = (Select-String -Path $env:KUBECONFIG -Pattern '^\s*token:\s*(\S+)').Matches[0].Groups[1].Value
        $script = @"
Import-Module '$env:OPSTEST_MODULE'
`$debug = Get-OpsHealth -Namespace test -Debug 5>&1 | Where-Object { `$_ -is [System.Management.Automation.DebugRecord] }
`$debug | ForEach-Object Message
if (-not `$debug) { exit 3 }
"@
        $r = Invoke-OpsScript -Script $script
        $r.ExitCode | Should -Be 0
        $r.Output | Should -Match 'GET /api/v1/namespaces/test/pods'
        $r.Output | Should -Match '\d+ ms'
        $r.Output + $r.Error | Should -Not -Match 'Read and Prompt|NullReferenceException|Unexpected failure'
        $r.Output + $r.Error | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'A summary never contradicts itself' {
    It 'a report with Critical findings grades D or worse' {
        $reports = 'test', 'production', 'ecommerce-k8s', 'ceoagent' | ForEach-Object { Get-OpsHealth -Namespace $_ -Summary }
        $critical = $reports | Where-Object Status -eq Critical
        $critical | Should -Not -BeNullOrEmpty -Because 'the sandbox seeds the runbooks'' Critical faults'
        $critical.Grade | ForEach-Object { $_ | Should -BeIn 'D', 'E', 'F' }
    }
}
