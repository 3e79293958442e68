using System.Text.Json.Nodes;
using OpsModule.Core.Health;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Health;

public sealed class DaemonSetHealthTests
{
    private static JsonObject DaemonSet(string name, string image)
    {
        var daemonSet = RunbookApps.Deployment("kube-system", name, 1, image);
        daemonSet["kind"] = "DaemonSet";
        daemonSet["spec"]!.AsObject().Remove("replicas");
        return daemonSet;
    }

    [Fact]
    public async Task A_daemonset_missing_on_a_node_is_reported_and_a_full_one_is_healthy()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.AddNode("aks-nodepool1-2");
        bed.Cluster.SetImageBehavior("fluent-bit:broken", PodFailure.ImagePullBackOff);
        bed.Cluster.Apply(DaemonSet("log-agent", "fluent-bit:broken"));
        bed.Cluster.Apply(DaemonSet("node-exporter", "prom/node-exporter:1.8"));
        await bed.SettleAsync("kube-system", "app=node-exporter", 2);
        await bed.Cluster.WaitUntilAsync(c => (int?)c.Get("apps/v1", "DaemonSet", "kube-system", "log-agent")?["status"]?["desiredNumberScheduled"] == 2,
            TimeSpan.FromSeconds(10), "log-agent scheduled on both nodes");

        var run = await bed.RunAsync("kube-system", HealthCheck.Workloads);

        var broken = run.Single("WorkloadUnavailable");
        Assert.Equal(("DaemonSet", "log-agent", HealthStatus.Critical, "0/2 available"), (broken.Kind, broken.Name, broken.Status, broken.Observed));
        var healthy = run.Single("WorkloadAvailable");
        Assert.Equal(("DaemonSet", "node-exporter", "2/2 available"), (healthy.Kind, healthy.Name, healthy.Observed));
    }
}
