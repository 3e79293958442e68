using System.Text;
using System.Text.Json.Nodes;
using OpsModule.Tests.Health;
using OpsModule.Tests.Support;
using Cluster = OpsModule.TestCluster.TestCluster;

namespace OpsModule.Tests.Completion;

/// <summary>
/// A test cluster holding the runbooks' apps, blue/green deployments and an Istio VirtualService, reached through a kubeconfig with
/// two contexts: "sandbox" (the cluster, namespace ecommerce-k8s) and "closed" (a port nothing listens on), the current one.
/// </summary>
public sealed class CompletionClusterFixture : IAsyncLifetime
{
    public const string Token = "completion-token";
    private readonly TempDirectory _dir = new();

    public Cluster Cluster { get; private set; } = null!;

    /// <summary>The kubeconfig with both contexts; current-context is "closed".</summary>
    public string KubeConfig { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await Cluster.StartAsync(new() { Https = true, RequiredToken = Token, PodReadyDelay = TimeSpan.FromMilliseconds(10) });
        RunbookApps.AiCodeReviewer(Cluster);
        RunbookApps.CeoAgent(Cluster);
        RunbookApps.UserService(Cluster);
        Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "cart-blue", 2, "ecommerce/cart:1.0"));
        Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "cart-green", 0, "ecommerce/cart:1.0"));
        Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "search-green", 1, "ecommerce/search:1.0"));
        Cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject { ["name"] = "cart", ["namespace"] = "ecommerce-k8s" },
            ["spec"] = new JsonObject { ["hosts"] = new JsonArray("cart") },
        });
        await Cluster.WaitUntilAsync(c => c.ListPods("ceoagent").Count >= 3, TimeSpan.FromSeconds(10), "the ceoagent pods");
        KubeConfig = WriteKubeConfig(_dir, Cluster.Url, Cluster.CaCertificatePem!);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A port that refuses connections: bound once to get a free number, then released.</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string WriteKubeConfig(TempDirectory dir, Uri server, string caPem) => dir.Write("kubeconfig", $$"""
        apiVersion: v1
        kind: Config
        current-context: closed
        clusters:
        - name: sandbox
          cluster:
            server: {{server.GetLeftPart(UriPartial.Authority)}}
            certificate-authority-data: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem))}}
        - name: closed
          cluster:
            server: https://127.0.0.1:{{ClosedPort()}}
            insecure-skip-tls-verify: true
        users:
        - name: admin
          user:
            token: {{Token}}
        contexts:
        - name: sandbox
          context: { cluster: sandbox, user: admin, namespace: ecommerce-k8s }
        - name: closed
          context: { cluster: closed, user: admin, namespace: test }
        """);
}
