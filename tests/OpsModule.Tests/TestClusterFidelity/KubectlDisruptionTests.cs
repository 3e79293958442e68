using System.Text.Json.Nodes;
using OpsModule.TestCluster;
using OpsModule.Tests.Support;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>
/// The real kubectl uses the Eviction subresource and PodDisruptionBudgets of the test cluster as it would a real API server:
/// <c>kubectl drain</c> is held back by a budget that allows no disruption and goes through once it does, and
/// <c>kubectl rollout restart</c> replaces a deployment's pods.
/// </summary>
public sealed class KubectlDisruptionTests
{
    [Fact]
    public async Task Kubectl_drain_is_refused_by_a_pod_disruption_budget_until_it_allows_a_disruption()
    {
        using var dir = new TempDirectory();
        await using var cluster = await TestCluster.TestCluster.StartAsync();
        var kubeconfig = cluster.WriteKubeConfig(dir.File("config"));
        cluster.Apply(Manifests.Deployment("web", 1));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 1, TimeSpan.FromSeconds(10), "1 ready pod");
        // kubectl create poddisruptionbudget would send protobuf and apply validates against OpenAPI; the test cluster serves neither.
        await File.WriteAllTextAsync(dir.File("pdb.yaml"), """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: web
            spec:
              minAvailable: 1
              selector:
                matchLabels:
                  app: web
            """);
        Assert.Contains("poddisruptionbudget.policy/web created", await Kubectl.SucceedAsync(kubeconfig, "apply", "--validate=false", "-f", dir.File("pdb.yaml")));
        Assert.Equal("0", await Kubectl.SucceedAsync(kubeconfig, "get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}"));
        Assert.Matches(@"web\s+1\s+N/A\s+0", await Kubectl.SucceedAsync(kubeconfig, "get", "pdb"));
        var guarded = cluster.ListPods("default", "app=web").Single();
        var guardedName = guarded["metadata"]!["name"]!.GetValue<string>();

        var (code, stdout, stderr) = await Kubectl.RunAsync(kubeconfig, "drain", "node-1", "--timeout=6s");

        Assert.NotEqual(0, code);
        Assert.Contains("cordoned", stdout);
        Assert.Contains($"error when evicting pods/\"{guardedName}\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", stderr);
        Assert.NotNull(cluster.TryGetPod("default", guardedName));
        Assert.Equal("true", cluster.Get("v1", "Node", null, "node-1")!["spec"]!["unschedulable"]!.ToJsonString());

        cluster.AddNode("node-2");
        await Kubectl.SucceedAsync(kubeconfig, "scale", "deployment", "web", "--replicas=2");
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 2, TimeSpan.FromSeconds(10), "2 ready pods");
        Assert.Equal("1", await Kubectl.SucceedAsync(kubeconfig, "get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}"));

        var drained = await Kubectl.SucceedAsync(kubeconfig, "drain", "node-1", "--timeout=30s");

        Assert.Contains($"pod/{guardedName} evicted", drained);
        Assert.Contains("node/node-1 drained", drained);
        Assert.Null(cluster.TryGetPod("default", guardedName));
        Assert.All(cluster.ListPods("default", "app=web"), pod => Assert.Equal("node-2", pod["spec"]!["nodeName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Kubectl_rollout_restart_replaces_every_pod_through_the_restartedAt_annotation()
    {
        using var dir = new TempDirectory();
        await using var cluster = await TestCluster.TestCluster.StartAsync();
        var kubeconfig = cluster.WriteKubeConfig(dir.File("config"));
        cluster.Apply(Manifests.Deployment("api", 2));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=api") == 2, TimeSpan.FromSeconds(10), "2 ready pods");
        var before = Names(cluster.ListPods("default", "app=api"));

        Assert.Contains("deployment.apps/api restarted", await Kubectl.SucceedAsync(kubeconfig, "rollout", "restart", "deployment/api"));
        Assert.Contains("successfully rolled out", await Kubectl.SucceedAsync(kubeconfig, "rollout", "status", "deployment/api", "--timeout=30s"));

        var annotations = cluster.Get("apps/v1", "Deployment", "default", "api")!["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject();
        Assert.True(DateTimeOffset.TryParse(annotations["kubectl.kubernetes.io/restartedAt"]!.GetValue<string>(), out _));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=api") == 2 && c.ListPods("default", "app=api").Count == 2,
            TimeSpan.FromSeconds(10), "2 new ready pods");
        Assert.Empty(Names(cluster.ListPods("default", "app=api")).Intersect(before));
    }

    private static string[] Names(IEnumerable<JsonObject> pods) => pods.Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToArray();
}
