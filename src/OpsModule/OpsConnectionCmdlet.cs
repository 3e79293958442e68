using System.Management.Automation;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule;

/// <summary>
/// Base of every cmdlet that talks to a cluster: the shared -Context, -KubeConfig and -Namespace parameters, and one
/// configuration and API client per command invocation (created on first use, reused for every pipeline input, disposed at the end).
/// </summary>
public abstract class OpsConnectionCmdlet : OpsAsyncCmdlet
{
    private readonly object _gate = new();
    private KubernetesClientConfiguration? _configuration;
    private IKubernetesApi? _client;

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
    protected async Task<KubernetesClientConfiguration> GetKubernetesConfigurationAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_configuration is not null)
            {
                return _configuration;
            }
        }

        var path = await ResolveKubeConfigPathAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var configuration = KubernetesClientConfiguration.Load(path, Context);
        lock (_gate)
        {
            return _configuration ??= configuration;
        }
    }

    /// <summary>-KubeConfig resolved against the PowerShell location (not the process directory); null when not given.</summary>
    protected async Task<string?> ResolveKubeConfigPathAsync() =>
        KubeConfig is null ? null : await InvokeOnPipelineThreadAsync(() => GetUnresolvedProviderPathFromPSPath(KubeConfig)).ConfigureAwait(false);

    /// <summary>-Namespace when given, else the namespace of the selected context.</summary>
    protected async Task<string> ResolveNamespaceAsync(CancellationToken cancellationToken)
        => Namespace ?? (await GetKubernetesConfigurationAsync(cancellationToken).ConfigureAwait(false)).Namespace;

    /// <summary>The API client for the selected cluster; disposed when the command ends.</summary>
    protected async Task<IKubernetesApi> GetKubernetesClientAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_client is not null)
            {
                return _client;
            }
        }

        var configuration = await GetKubernetesConfigurationAsync(cancellationToken).ConfigureAwait(false);
        // One debug line per API request and retry (verb, path, status, time); the client never traces headers or bodies.
        var debug = CreateProgress<string>(WriteDebug);
        var options = new KubernetesClientOptions { Trace = debug.Report };
        lock (_gate)
        {
            return _client ??= new KubernetesApiClient(configuration, options);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            IKubernetesApi? client;
            lock (_gate)
            {
                client = _client;
                _client = null;
            }

            client?.Dispose();
        }

        base.Dispose(disposing);
    }
}
