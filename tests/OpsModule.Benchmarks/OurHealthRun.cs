using OpsModule.Core.Health;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Benchmarks;

/// <summary>
/// Get-OpsHealth's work as one invocation does it: load the kubeconfig, build a client (new connections, TLS handshakes),
/// run the checker, dispose. Nothing is cached between runs except what a loaded PowerShell module keeps (JIT'd code).
/// With <paramref name="reuseClient"/> one client (and its warm connections) serves every run instead; with
/// <paramref name="http2"/> the requests ask for HTTP/2 (what-if, see <see cref="Http2Upgrade"/>).
/// A null <paramref name="ns"/> checks all namespaces (<c>Get-OpsHealth -AllNamespaces</c>).
/// </summary>
internal sealed class OurHealthRun(string kubeconfig, string? ns, bool reuseClient = false, bool http2 = false) : IDisposable
{
    private KubernetesApiClient? _shared;

    /// <summary>Everything but the HTTP probes: the list calls plus the pure checks.</summary>
    public static HealthCheck[] AllButHttp { get; } = Enum.GetValues<HealthCheck>().Where(c => c != HealthCheck.Http).ToArray();

    public HealthRun? Last { get; private set; }

    public Task RunAsync() => RunAsync(ns is null ? new HealthOptions { AllNamespaces = true } : new HealthOptions { Namespaces = [ns] });

    public Task RunAsync(params HealthCheck[] checks) => RunAsync(ns is null
        ? new HealthOptions { AllNamespaces = true, Checks = checks.ToHashSet() }
        : new HealthOptions { Namespaces = [ns], Checks = checks.ToHashSet() });

    public void Dispose() => _shared?.Dispose();

    private async Task RunAsync(HealthOptions options)
    {
        var client = reuseClient ? _shared ??= NewClient() : NewClient();
        try
        {
            Last = await new HealthChecker(client).RunAsync(options, null, CancellationToken.None);
        }
        finally
        {
            if (!reuseClient)
            {
                client.Dispose();
            }
        }

        if (Last.Failures.Count > 0)
        {
            throw new InvalidOperationException($"namespace {ns ?? "(all)"} could not be read: {Last.Failures[0].Error.Message}");
        }
    }

    private KubernetesApiClient NewClient()
    {
        var configuration = KubernetesClientConfiguration.Load(kubeconfig);
        return http2
            ? new KubernetesApiClient(configuration.Server, new Http2Upgrade(configuration.CreateHandler()), configuration.Namespace)
            : new KubernetesApiClient(configuration);
    }
}
