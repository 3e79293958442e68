using System.Management.Automation;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule;

/// <summary>
/// Base of the cmdlets that talk to a cluster and to no backup store (Get-OpsHealth, Switch-BlueGreen): the shared -Context
/// and -KubeConfig parameters over one <see cref="ClusterConnection"/> per command invocation. Each cmdlet declares its own
/// -Namespace: one for Switch-BlueGreen, several (piped) for Get-OpsHealth.
/// <see cref="OpsClusterStoreCmdlet"/> declares the same three for the cmdlets that also take a store (one base class each:
/// C# has no mixins, and a PowerShell parameter must be a property of the cmdlet's class).
/// </summary>
public abstract class OpsConnectionCmdlet : OpsAsyncCmdlet
{
    private readonly ClusterConnection _cluster;

    protected OpsConnectionCmdlet()
    {
        _cluster = new ClusterConnection(ResolveKubeConfigPathAsync, () => Context, () => CreateProgress<string>(WriteDebug));
    }

    /// <summary>kubeconfig context to use instead of current-context.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.KubeContextCompleter))]
    public string? Context { get; set; }

    /// <summary>kubeconfig file; default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KubeConfig { get; set; }

    /// <summary>Loads the kubeconfig once. -KubeConfig is resolved against the PowerShell location, not the process directory.</summary>
    protected Task<KubernetesClientConfiguration> GetKubernetesConfigurationAsync(CancellationToken cancellationToken) => _cluster.GetConfigurationAsync(cancellationToken);

    /// <summary>-KubeConfig resolved against the PowerShell location (not the process directory); null when not given.</summary>
    protected async Task<string?> ResolveKubeConfigPathAsync() =>
        KubeConfig is null ? null : await InvokeOnPipelineThreadAsync(() => GetUnresolvedProviderPathFromPSPath(KubeConfig));

    /// <summary>The namespace of the selected context, else "default": what a cmdlet uses when -Namespace is not given.</summary>
    protected async Task<string> GetContextNamespaceAsync(CancellationToken cancellationToken)
        => (await GetKubernetesConfigurationAsync(cancellationToken)).Namespace;

    /// <summary>The API client for the selected cluster; disposed when the command ends.</summary>
    protected Task<IKubernetesApi> GetKubernetesClientAsync(CancellationToken cancellationToken) => _cluster.GetClientAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cluster.Dispose();
        }

        base.Dispose(disposing);
    }
}
