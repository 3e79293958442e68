using System.Text.Json.Nodes;
using OpsModule.Core.Health;

namespace OpsModule.Tests.Health;

/// <summary>Pod states the simulated kubelet does not produce by itself, applied with a fixed status as a real kubelet would report them.</summary>
public sealed class FixedStatusPodTests
{
    private static JsonObject Pod(string ns, string name, JsonObject status) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "worker" } },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "worker", ["image"] = "ecommerce/worker:3" }) },
        ["status"] = status,
    };

    private static JsonObject RunningWithRestarts(int restarts) => new()
    {
        ["phase"] = "Running",
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        ["containerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "worker",
            ["ready"] = true,
            ["restartCount"] = restarts,
            ["image"] = "ecommerce/worker:3",
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-21T08:00:00Z" } },
            ["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["reason"] = "Error", ["exitCode"] = 1 } },
        }),
    };

    [Fact]
    public async Task Restarts_above_the_threshold_are_a_warning_and_at_it_are_not()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(Pod("ecommerce-k8s", "worker-a", RunningWithRestarts(8)));
        bed.Cluster.Apply(Pod("ecommerce-k8s", "worker-b", RunningWithRestarts(5)));

        var run = await bed.RunAsync("ecommerce-k8s", HealthCheck.Pods);
        var stricter = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["ecommerce-k8s"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods }, RestartThreshold = 3,
        });

        var restarts = run.Single("PodRestartsHigh");
        Assert.Equal(("worker-a", "8", "5", HealthStatus.Warning), (restarts.Name, restarts.Observed, restarts.Threshold, restarts.Status));
        Assert.Equal("worker-b", run.Single("PodHealthy").Name);
        Assert.Equal(2, stricter.Results.Count(r => r.Code == "PodRestartsHigh"));
    }

    [Fact]
    public async Task A_pod_pending_longer_than_five_minutes_is_a_warning()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(Pod("ceoagent", "migrate", new JsonObject
        {
            ["phase"] = "Pending",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }),
        }));

        var fresh = await bed.RunAsync("ceoagent", HealthCheck.Pods);
        var late = await bed.RunAsync(new HealthOptions { Namespaces = ["ceoagent"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods } }, TimeSpan.FromMinutes(12));

        Assert.DoesNotContain(fresh.Results, r => r.Code == "PodPendingTooLong");
        var pending = late.Single("PodPendingTooLong");
        Assert.Equal(("migrate", HealthStatus.Warning, "5 min"), (pending.Name, pending.Status, pending.Threshold));
    }
}
