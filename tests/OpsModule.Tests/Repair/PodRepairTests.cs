using System.Text.Json.Nodes;
using OpsModule.Core.Health;
using OpsModule.Core.Repair;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Repair;

/// <summary>Runbook 004's two healer rules through HealthRepairer, and the guard rails that make them safe.</summary>
public sealed class PodRepairTests
{
    private static readonly PodBehavior RestartedSeven = new() { Failure = PodFailure.Restarting, RestartCount = 7 };

    [Fact]
    public async Task A_pod_restarted_more_than_5_times_is_evicted_and_its_deployment_replaces_it()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var pods = await bed.DeployAsync("saas-platform", 3);
        bed.Cluster.SetPodBehavior("default", pods[1], RestartedSeven);
        await bed.Cluster.WaitUntilAsync(c => c.TryGetPod("default", pods[1])?["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() == 7,
            TimeSpan.FromSeconds(10), "7 restarts");

        var results = await bed.RunAsync(new RepairOptions { Wait = true, WaitTimeout = TimeSpan.FromSeconds(10) }, selector: "app=saas-platform");

        var result = Assert.Single(results);
        Assert.Equal((RepairOutcome.Repaired, RepairAction.Evict, "Pod", pods[1]), (result.Outcome, result.Action, result.Kind, result.Name));
        Assert.Equal(HealthCodes.Pods.PodRestartsHigh, result.Code);
        Assert.Equal("Deployment/saas-platform", result.Workload);
        Assert.Null(bed.Cluster.TryGetPod("default", pods[1]));
        Assert.NotNull(result.ReplacementPod);
        Assert.DoesNotContain(result.ReplacementPod, pods);
        Assert.Equal(1, bed.Evictions());
        var annotations = bed.Deployment("saas-platform")["metadata"]!["annotations"]!.AsObject();
        Assert.True(DateTimeOffset.TryParse(annotations[RepairCooldown.RepairedAtAnnotation]!.GetValue<string>(), out _));
        Assert.Contains(pods[1], annotations[RepairCooldown.RepairAnnotation]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pod_not_Ready_for_more_than_5_minutes_is_evicted_but_not_one_that_just_became_unready()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var pods = await bed.DeployAsync("saas-platform", 2);
        bed.Cluster.SetPodBehavior("default", pods[0], PodFailure.NotReady);
        await bed.Cluster.WaitUntilAsync(c => c.ListPods("default", "app=saas-platform").Count(p => p["status"]!.ToJsonString().Contains("\"ready\":false")) == 1,
            TimeSpan.FromSeconds(10), "one unready pod");
        var finding = Finding(HealthCodes.Pods.PodNotReady, "Pod", pods[0]);

        var fresh = await RepairTestBed.RepairAsync(bed.Repairer(), [finding]);
        Assert.Equal(RepairOutcome.Skipped, fresh[0].Outcome);
        Assert.StartsWith("Below the repair rules: 0 restarts", fresh[0].Reason);
        Assert.NotNull(bed.Cluster.TryGetPod("default", pods[0]));

        bed.ClockAhead = TimeSpan.FromMinutes(6);
        var late = await RepairTestBed.RepairAsync(bed.Repairer(), [finding]);
        Assert.Equal(RepairOutcome.Repaired, late[0].Outcome);
        Assert.Null(bed.Cluster.TryGetPod("default", pods[0]));
    }

    [Fact]
    public async Task Never_evicts_the_last_Ready_pod_of_a_workload()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var single = await bed.DeployAsync("single", 1, RestartedSeven);
        var pair = await bed.DeployAsync("pair", 2, RestartedSeven);

        var results = await bed.RunAsync(new RepairOptions { MaxPerWorkload = 5 });

        var lone = Assert.Single(results, r => r.Workload == "Deployment/single");
        Assert.Equal(RepairOutcome.Skipped, lone.Outcome);
        Assert.StartsWith("Would leave Deployment/single with zero Ready replicas", lone.Reason);
        Assert.NotNull(bed.Cluster.TryGetPod("default", single[0]));
        var pairResults = results.Where(r => r.Workload == "Deployment/pair").ToList();
        Assert.Equal([RepairOutcome.Repaired, RepairOutcome.Skipped], pairResults.Select(r => r.Outcome));
        Assert.StartsWith("Would leave Deployment/pair with zero Ready replicas", pairResults[1].Reason);
        Assert.Single(pair, p => bed.Cluster.TryGetPod("default", p) is not null);
        Assert.Equal(1, bed.Evictions());
    }

    [Fact]
    public async Task Evicts_at_most_MaxPerWorkload_pods_of_one_workload_per_run()
    {
        await using var bed = await RepairTestBed.StartAsync();
        await bed.DeployAsync("web", 4, RestartedSeven);

        var results = await bed.RunAsync();

        Assert.Equal([RepairOutcome.Repaired, RepairOutcome.Skipped, RepairOutcome.Skipped, RepairOutcome.Skipped], results.Select(r => r.Outcome));
        Assert.All(results.Skip(1), r => Assert.Equal("Per-workload cap: 1 pod(s) of Deployment/web already evicted in this run (-MaxPerWorkload 1).", r.Reason));
        Assert.Equal(1, bed.Evictions());
    }

    [Fact]
    public async Task The_next_run_within_the_cooldown_leaves_the_workload_alone_and_the_one_after_it_repairs_again()
    {
        await using var bed = await RepairTestBed.StartAsync();
        await bed.DeployAsync("web", 3, RestartedSeven);

        Assert.Equal(RepairOutcome.Repaired, (await bed.RunAsync())[0].Outcome);
        await bed.Cluster.WaitUntilAsync(c => c.ListPods("default", "app=web").Count == 3, TimeSpan.FromSeconds(10), "3 pods again");
        bed.ClockAhead = TimeSpan.FromMinutes(1);
        var next = await bed.RunAsync();

        Assert.All(next, r => Assert.Equal(RepairOutcome.Skipped, r.Outcome));
        Assert.Matches(@"^Cooldown: Deployment/web was repaired at \S+Z \(1 min ago\); next repair after \S+Z\.$", next[0].Reason);
        Assert.Equal(1, bed.Evictions());

        bed.ClockAhead = TimeSpan.FromMinutes(11);
        Assert.Equal(RepairOutcome.Repaired, (await bed.RunAsync())[0].Outcome);
        Assert.Equal(2, bed.Evictions());
    }

    [Fact]
    public async Task An_eviction_a_PodDisruptionBudget_refuses_is_skipped_with_the_budgets_reason_and_sent_once()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var pods = await bed.DeployAsync("web", 2, RestartedSeven);
        bed.Cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "web-pdb", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["minAvailable"] = 2, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
        });

        var results = await bed.RunAsync();

        Assert.Equal(RepairOutcome.Skipped, results[0].Outcome);
        Assert.Equal(RepairAction.Evict, results[0].Action);
        Assert.Equal("The PodDisruptionBudget refused the eviction: Cannot evict pod as it would violate the pod's disruption budget. " +
            "The disruption budget web-pdb needs 2 healthy pods and has 2 currently. The next run tries again.", results[0].Reason);
        Assert.All(pods, p => Assert.NotNull(bed.Cluster.TryGetPod("default", p)));
        Assert.Equal(1, bed.Evictions());
        Assert.Null(bed.Deployment("web")["metadata"]!["annotations"]?[RepairCooldown.RepairedAtAnnotation]);
    }

    [Fact]
    public async Task A_crash_looping_pod_may_go_while_its_budget_is_met_since_it_is_not_Ready()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var pods = await bed.DeployAsync("web", 2);
        bed.Cluster.SetPodBehavior("default", pods[0], new PodBehavior { Failure = PodFailure.CrashLoopBackOff, RestartCount = 9 });
        bed.Cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = "web-pdb", ["namespace"] = "default" },
            ["spec"] = new JsonObject { ["minAvailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } } },
        });
        await bed.Cluster.WaitUntilAsync(c => c.TryGetPod("default", pods[0])!["status"]!.ToJsonString().Contains("CrashLoopBackOff"), TimeSpan.FromSeconds(10), "crash loop");

        var results = await bed.RunAsync();

        var evicted = Assert.Single(results, r => r.Action == RepairAction.Evict);
        Assert.Equal((RepairOutcome.Repaired, HealthCodes.Pods.PodCrashLoopBackOff, pods[0]), (evicted.Outcome, evicted.Code, evicted.Name));
        Assert.Single(results, r => r.Code == HealthCodes.Workloads.WorkloadUnavailable && r.Reason == "Deployment/web was already repaired in this run.");
    }

    internal static OpsHealthResult Finding(string code, string kind, string name, string ns = "default", string remediation = "kubectl describe") => new()
    {
        Code = code, Status = HealthStatus.Warning, Check = HealthCheck.Pods, Namespace = ns, Kind = kind, Name = name, Message = code, Remediation = remediation,
    };
}
