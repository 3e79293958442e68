using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Config;
using OpsModule.TestCluster;
using OpsModule.Tests.TestClusterFidelity;
using Cluster = OpsModule.TestCluster.TestCluster;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.Kubernetes;

/// <summary>A test cluster plus our client connected to it through a kubeconfig the test wrote, as a user would connect.</summary>
internal sealed class ClientTestBed : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private ClientTestBed(Cluster cluster, KubernetesApiClient client, List<string> trace, TempDirectory dir)
    {
        _dir = dir;
        Cluster = cluster;
        Client = client;
        Trace = trace;
    }

    public Cluster Cluster { get; }

    public KubernetesApiClient Client { get; }

    /// <summary>Every trace line the client wrote (verb, path, status, retries).</summary>
    public List<string> Trace { get; }

    public static async Task<ClientTestBed> StartAsync(
        TestClusterOptions? options = null, KubernetesClientOptions? clientOptions = null, string? token = null, bool clientCertificate = false)
    {
        var cluster = await Cluster.StartAsync(options ?? new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(20) });
        var dir = new TempDirectory();
        var certificate = clientCertificate ? cluster.IssueClientCertificate("ops-admin") : ((string, string)?)null;
        var path = cluster.WriteKubeConfig(dir.File("config"), token ?? options?.RequiredToken, certificate, "default");
        var trace = new List<string>();
        var configured = (clientOptions ?? new KubernetesClientOptions { BaseRetryDelay = TimeSpan.FromMilliseconds(20) }) with
        {
            Trace = line => { lock (trace) { trace.Add(line); } },
        };
        var client = new KubernetesApiClient(KubernetesClientConfiguration.Load(path), configured);
        return new ClientTestBed(cluster, client, trace, dir);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }
}
