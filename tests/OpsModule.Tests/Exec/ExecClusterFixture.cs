using OpsModule.Core.Kubernetes.Exec;
using OpsModule.TestCluster.Exec;

namespace OpsModule.Tests.Exec;

/// <summary>A test cluster with the pods the exec tests run in, shared by one test class.</summary>
public sealed class ExecClusterFixture : IAsyncLifetime
{
    public const string Namespace = "default";

    /// <summary>One container "main" with env FOO=bar from the pod spec.</summary>
    public const string Pod = "runner";

    /// <summary>Two containers, "app" (APP_ROLE=app) and "sidecar" (APP_ROLE=sidecar).</summary>
    public const string MultiContainerPod = "multi";

    private readonly SocketsHttpHandler _handler = new();

    public OpsModule.TestCluster.TestCluster Cluster { get; private set; } = null!;

    public PodExecClient Client { get; private set; } = null!;

    public ExecOptions Exec => Cluster.Exec;

    public async Task InitializeAsync()
    {
        Cluster = await OpsModule.TestCluster.TestCluster.StartAsync();
        Cluster.Apply($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{Pod}}}","namespace":"{{{Namespace}}}"},
             "spec":{"containers":[{"name":"main","image":"busybox","env":[{"name":"FOO","value":"bar"},{"name":"FROM_SECRET","valueFrom":{"secretKeyRef":{"name":"s","key":"k"} } }]}]}}
            """);
        Cluster.Apply($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{MultiContainerPod}}}","namespace":"{{{Namespace}}}"},
             "spec":{"containers":[{"name":"app","image":"busybox","env":[{"name":"APP_ROLE","value":"app"}]},
                                   {"name":"sidecar","image":"busybox","env":[{"name":"APP_ROLE","value":"sidecar"}]}]}}
            """);
        await Cluster.WaitUntilAsync(
            cluster => new[] { Pod, MultiContainerPod }.All(name => (string?)cluster.TryGetPod(Namespace, name)?["status"]?["phase"] == "Running"),
            TimeSpan.FromSeconds(10), "exec test pods running");
        Client = new PodExecClient(Cluster.Url, _handler);
    }

    public static PodExecRequest Request(params string[] command) => new(Namespace, Pod, command);

    public static PodExecRequest Shell(string script) => Request("sh", "-c", script);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _handler.Dispose();
    }
}
