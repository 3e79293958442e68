using System.Management.Automation;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule;

/// <summary>
/// Base of the cmdlets that talk to a cluster and a backup store (Invoke-OpsBackup, Restore-OpsDatabase, Test-DisasterRecovery):
/// the store parameters of <see cref="OpsStoreCmdlet"/>, and -Context, -KubeConfig and -Namespace as <see cref="OpsConnectionCmdlet"/> has them.
/// </summary>
public abstract class OpsClusterStoreCmdlet : OpsStoreCmdlet
{
    private readonly ClusterConnection _cluster;
    private readonly Dictionary<string, ClusterConnection> _otherContexts = new(StringComparer.Ordinal);

    protected OpsClusterStoreCmdlet()
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

    /// <summary>Namespace to work in; default: the context's namespace, else "default".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Loads the kubeconfig once. -KubeConfig is resolved against the PowerShell location, not the process directory.</summary>
    protected Task<KubernetesClientConfiguration> GetKubernetesConfigurationAsync(CancellationToken cancellationToken) => _cluster.GetConfigurationAsync(cancellationToken);

    /// <summary>-KubeConfig resolved against the PowerShell location (not the process directory); null when not given.</summary>
    protected async Task<string?> ResolveKubeConfigPathAsync() =>
        KubeConfig is null ? null : await InvokeOnPipelineThreadAsync(() => GetUnresolvedProviderPathFromPSPath(KubeConfig));

    /// <summary>-Namespace when given, else the namespace of the selected context.</summary>
    protected async Task<string> ResolveNamespaceAsync(CancellationToken cancellationToken)
        => Namespace ?? (await GetKubernetesConfigurationAsync(cancellationToken)).Namespace;

    /// <summary>The API client for the selected cluster; disposed when the command ends.</summary>
    protected Task<IKubernetesApi> GetKubernetesClientAsync(CancellationToken cancellationToken) => _cluster.GetClientAsync(cancellationToken);

    /// <summary>
    /// The API client for another context of the same kubeconfig (a DR drill's primary cluster): created once per command like
    /// the main one, traced to the debug stream the same way, disposed when the command ends.
    /// </summary>
    protected Task<IKubernetesApi> GetKubernetesClientAsync(string context, CancellationToken cancellationToken)
    {
        ClusterConnection? connection;
        lock (_otherContexts)
        {
            if (!_otherContexts.TryGetValue(context, out connection))
            {
                _otherContexts[context] = connection = new ClusterConnection(ResolveKubeConfigPathAsync, () => context, () => CreateProgress<string>(WriteDebug));
            }
        }

        return connection.GetClientAsync(cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _cluster.Dispose();
            lock (_otherContexts)
            {
                foreach (var connection in _otherContexts.Values)
                {
                    connection.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
