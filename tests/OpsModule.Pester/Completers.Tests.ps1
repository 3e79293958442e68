BeforeAll {
    Import-Module $env:OPSTEST_MODULE -Force
    Import-Module "$PSScriptRoot/Support/OpsPester.psm1" -Force

    # Tab completion exactly as the console asks for it: the matches for the cursor at the end of $Line.
    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    function Measure-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $found = @(Get-Completion $Line)
        [pscustomobject]@{ Matches = $found; Elapsed = $clock.Elapsed }
    }

    # A kubeconfig whose only cluster is 127.0.0.1:<Port>.
    function New-KubeConfig {
        param([Parameter(Mandatory)] [int] $Port)
        $path = Join-Path (New-OpsTestFolder -Prefix kubeconfig) 'config'
        Set-Content -LiteralPath $path -Value @"
apiVersion: v1
kind: Config
current-context: elsewhere
clusters:
- name: elsewhere
  cluster: { server: "https://127.0.0.1:$Port", insecure-skip-tls-verify: true }
users:
- name: admin
  user: { token: not-a-secret }
contexts:
- name: elsewhere
  context: { cluster: elsewhere, user: admin, namespace: shop }
"@
        $path
    }

    function Get-ClosedPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $port
    }
}

Describe 'Completion from the sandbox cluster' {
    BeforeAll {
        # The first completion of a session pays for .NET's JIT and the first TLS connection, which on a busy machine can pass the
        # 2 s cap. Its listing then goes on and answers the next Tab, as it does here.
        $null = Get-Completion 'Get-OpsHealth -Namespace '
        if (-not (Get-Completion 'Get-OpsHealth -Namespace ')) { throw 'Even the second Tab completed no namespace from the sandbox.' }
    }

    It 'completes -Namespace ecom to ecommerce-k8s, with the kind in the tooltip' {
        $completions = @(Get-Completion 'Get-OpsHealth -Namespace ecom')
        $completions.CompletionText | Should -Be @('ecommerce-k8s')
        $completions[0].ToolTip | Should -Be 'Namespace ecommerce-k8s (Active)'
        $completions[0].ResultType | Should -Be 'ParameterValue'
    }

    It 'lists every namespace kubectl lists, sorted' {
        $expected = @(Invoke-OpsKubectl get namespaces '-o' 'jsonpath={.items[*].metadata.name}') -split ' ' | Sort-Object
        (Get-Completion 'Get-OpsHealth -Namespace ').CompletionText | Should -Be $expected
    }

    It 'lists the Services of the namespace typed before -Service' {
        $expected = @(Invoke-OpsKubectl get services -n ecommerce-k8s '-o' 'jsonpath={.items[*].metadata.name}') -split ' ' | Sort-Object
        $completions = @(Get-Completion 'Switch-BlueGreen -Namespace ecommerce-k8s -Service ')
        $completions.CompletionText | Should -Be $expected
        $completions.CompletionText | Should -Contain 'user-service'
        $completions.ToolTip | Should -Contain 'Service ecommerce-k8s/user-service (ClusterIP)'
    }

    It 'lists the Services of the kubeconfig namespace (default) when no -Namespace is typed' {
        (Get-Completion 'Switch-BlueGreen -Service ').CompletionText | Should -Be @('web')
    }

    It 'completes Switch-BlueGreen -Deployment with the base name of the blue and green deployments' {
        $completions = @(Get-Completion 'Switch-BlueGreen -Namespace production -Service saas-platform-active -Deployment ')
        $completions.CompletionText | Should -Be @('saas-platform')
        $completions[0].ToolTip | Should -Be 'Deployments saas-platform-blue, saas-platform-green in production'
    }

    It 'completes -VirtualService from Istio in the typed namespace' {
        (Get-Completion 'Switch-BlueGreen -Namespace voicehelper -VirtualService v').CompletionText | Should -Be @('voice-api')
    }

    It 'completes Restore-OpsDatabase -ScaleDown with the deployments of the namespace' {
        (Get-Completion 'Restore-OpsDatabase -Namespace ceoagent -ScaleDown ').CompletionText | Should -Be @('ceoagent-api')
    }

    It 'completes -PodName with the pods of the namespace' {
        (Get-Completion 'Invoke-OpsBackup -Store /tmp -Database ceoagent -Namespace ceoagent -PodName post').CompletionText | Should -Be @('postgres-0')
    }

    It 'completes -Context from the kubeconfig, marking the current context' {
        $completions = @(Get-Completion 'Get-OpsHealth -Context ')
        $completions.CompletionText | Should -Be @('aks-dr', 'aks-prod')
        $completions[1].ToolTip | Should -BeLike 'Context aks-prod: *(current)'
    }

    It 'completes Test-DisasterRecovery -TargetContext and -TargetNamespace in the DR cluster' {
        (Get-Completion 'Test-DisasterRecovery -TargetContext aks').CompletionText | Should -Be @('aks-dr', 'aks-prod')
        (Get-Completion 'Test-DisasterRecovery -TargetContext aks-dr -TargetNamespace ceo').CompletionText | Should -Be @('ceoagent')
    }

    It 'reads -KubeConfig typed on the line, relative to the current location, instead of KUBECONFIG' {
        $folder = New-OpsTestFolder -Prefix relative
        $yaml = (Get-Content -LiteralPath $env:KUBECONFIG -Raw) -replace 'aks-dr', 'staging'
        Set-Content -LiteralPath (Join-Path $folder 'other-config') -Value $yaml
        Push-Location $folder
        try {
            (Get-Completion 'Get-OpsHealth -KubeConfig ./other-config -Context ').CompletionText | Should -Be @('aks-prod', 'staging')
            (Get-Completion 'Get-OpsHealth -KubeConfig ./other-config -Context staging -Namespace ecom').CompletionText | Should -Be @('ecommerce-k8s')
        }
        finally {
            Pop-Location
        }
    }

    It 'completes quickly against the sandbox' {
        $null = Get-Completion 'Get-OpsHealth -Namespace '
        $run = Measure-Completion 'Switch-BlueGreen -Namespace ecommerce-k8s -Service '
        $run.Matches | Should -Not -BeNullOrEmpty
        $run.Elapsed.TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'Completion without a cluster' {
    It 'completes -ExcludeCode from the module''s own health codes' {
        $completions = @(Get-Completion 'Get-OpsHealth -ExcludeCode PodCr')
        $completions.CompletionText | Should -Be @('PodCrashLoopBackOff')
        $completions[0].ToolTip | Should -Be 'Health code of the Pods check'
        (Get-Completion 'Get-OpsHealth -ExcludeCode IngressNoAddress, *Pressure').CompletionText |
            Should -Be @('NodeDiskPressure', 'NodeMemoryPressure', 'NodePidPressure')
    }

    It 'completes -Check with its check families' {
        (Get-Completion 'Get-OpsHealth -Check Cert').CompletionText | Should -Be @('Certificates')
    }

    Context 'KUBECONFIG points at a port nobody listens on' {
        It 'completes nothing, within 3 s, and writes nothing to any stream of a fresh pwsh' {
            $kubeConfig = New-KubeConfig -Port (Get-ClosedPort)
            $run = Invoke-OpsScript -ImportModule -Environment @{ KUBECONFIG = $kubeConfig } -Script @'
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$lines = 'Get-OpsHealth -Namespace ', 'Switch-BlueGreen -Namespace shop -Service ', 'Get-OpsHealth -DatabasePod p', 'Switch-BlueGreen -Deployment '
$found = foreach ($line in $lines) { (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches }
"matches=$(@($found).Count) errors=$($Error.Count) ms=$([int] $clock.Elapsed.TotalMilliseconds)"
'@
            $run.Error | Should -BeNullOrEmpty
            $run.ExitCode | Should -Be 0
            $run.Output.Trim() | Should -Match '^matches=0 errors=0 ms=\d+$'
            [int] ($run.Output -replace '(?s).*ms=(\d+).*', '$1') | Should -BeLessThan 3000
        }

        It 'still completes -Context from the kubeconfig file' {
            $kubeConfig = New-KubeConfig -Port (Get-ClosedPort)
            (Get-Completion "Get-OpsHealth -KubeConfig '$kubeConfig' -Context ").CompletionText | Should -Be @('elsewhere')
        }
    }

    Context 'the API server accepts connections and never answers' {
        BeforeAll {
            # Never accepted by the test: the kernel completes the TCP handshake and the client then waits for TLS forever.
            $script:listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $script:hungConfig = New-KubeConfig -Port $listener.LocalEndpoint.Port
        }

        AfterAll {
            $listener.Stop()
        }

        It 'gives up at the 2 s cap with nothing and no error' {
            $Error.Clear()
            $run = Measure-Completion "Switch-BlueGreen -KubeConfig '$hungConfig' -Service "
            $run.Matches | Should -BeNullOrEmpty
            $run.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.9
            $run.Elapsed.TotalSeconds | Should -BeLessThan 3
            $Error.Count | Should -Be 0
        }
    }
}

Describe 'Completion from a backup store' {
    BeforeAll {
        $script:parent = New-OpsTestFolder -Prefix stores
        $script:store = Join-Path $parent 'nightly'
        $null = Invoke-OpsBackup -Store $store -Database ceoagent -Namespace ceoagent -Confirm:$false
        $null = Invoke-OpsBackup -Store $store -Database users, orders -Namespace ecommerce-k8s -Confirm:$false
    }

    It 'lists the databases backed up there, with their namespace in the tooltip' {
        $completions = @(Get-Completion "Get-OpsBackup -Store '$store' -Database ")
        $completions.CompletionText | Should -Be @('ceoagent', 'orders', 'users')
        $completions[0].ToolTip | Should -BeLike 'Database ceoagent: 1 backup of namespace ceoagent, newest *'
    }

    It 'narrows the databases to the -Namespace typed' {
        (Get-Completion "Get-OpsBackup -Store '$store' -Namespace ecommerce-k8s -Database ").CompletionText | Should -Be @('orders', 'users')
    }

    It 'completes -Namespace and -Context of Get-OpsBackup from what the store recorded' {
        (Get-Completion "Get-OpsBackup -Store '$store' -Namespace ").CompletionText | Should -Be @('ceoagent', 'ecommerce-k8s')
        (Get-Completion "Get-OpsBackup -Store '$store' -Context ").CompletionText | Should -Be @('aks-prod')
    }

    It 'reads a relative -Store, given by position or by an alias, from the current location' {
        Push-Location $parent
        try {
            (Get-Completion 'Get-OpsBackup ./nightly -Database u').CompletionText | Should -Be @('users')
            (Get-Completion 'Remove-OpsBackup -Path ./nightly -Database o').CompletionText | Should -Be @('orders')
        }
        finally {
            Pop-Location
        }
    }

    It 'completes Test-DisasterRecovery -Database from the store, narrowed by -SourceNamespace' {
        (Get-Completion "Test-DisasterRecovery -Store '$store' -SourceNamespace ceoagent -Namespace ecommerce-k8s -Database ").CompletionText |
            Should -Be @('ceoagent')
    }

    It 'completes nothing for a store folder that does not exist, not even the file names PowerShell would offer otherwise' {
        Push-Location $parent
        try {
            @(Get-Completion 'Get-OpsBackup -Store ./missing -Database n') | Should -BeNullOrEmpty
            (Get-Completion 'Get-OpsBackup -Store ./missing -Region n').CompletionText | Should -Be @('./nightly')
        }
        finally {
            Pop-Location
        }
    }

    It 'lists the databases of an S3 store with the -S3Endpoint and -S3Credential typed' {
        $s3Store = New-OpsS3Location
        $null = Invoke-OpsBackup -Store $s3Store -S3Endpoint $env:OPSTEST_S3_ENDPOINT -S3Credential (Get-OpsS3Credential) -Region us-east-1 `
            -Database ceoagent -Namespace ceoagent -Confirm:$false
        $s3Credential = Get-OpsS3Credential
        $line = "Get-OpsBackup -Store $s3Store -S3Endpoint $env:OPSTEST_S3_ENDPOINT -S3Credential `$s3Credential -Region us-east-1 -Database "
        (Get-Completion $line).CompletionText | Should -Be @('ceoagent')
    }
}
