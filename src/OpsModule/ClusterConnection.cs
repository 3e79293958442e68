using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule;

/// <summary>
/// One kubeconfig configuration and API client per command invocation (created on first use, reused for every pipeline input,
/// disposed at the end), for the cmdlet bases that declare -Context, -KubeConfig and -Namespace.
/// </summary>
internal sealed class ClusterConnection(Func<Task<string?>> resolveKubeConfigPath, Func<string?> context, Func<IProgress<string>> debug) : IDisposable
{
    private readonly object _gate = new();
    private KubernetesClientConfiguration? _configuration;
    private IKubernetesApi? _client;

    public async Task<KubernetesClientConfiguration> GetConfigurationAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_configuration is not null)
            {
                return _configuration;
            }
        }

        var path = await resolveKubeConfigPath();
        cancellationToken.ThrowIfCancellationRequested();
        var configuration = KubernetesClientConfiguration.Load(path, context());
        lock (_gate)
        {
            return _configuration ??= configuration;
        }
    }

    public async Task<IKubernetesApi> GetClientAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_client is not null)
            {
                return _client;
            }

            if (_configuration is null)
            {
                KubernetesApiClient.PrepareInBackground();
            }
        }

        var configuration = await GetConfigurationAsync(cancellationToken);
        // One debug line per API request and retry (verb, path, status, time); the client never traces headers or bodies.
        var options = new KubernetesClientOptions { Trace = debug().Report };
        lock (_gate)
        {
            return _client ??= new KubernetesApiClient(configuration, options);
        }
    }

    public void Dispose()
    {
        IKubernetesApi? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }

        client?.Dispose();
    }
}
