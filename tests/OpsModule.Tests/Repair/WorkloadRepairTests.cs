using OpsModule.Core.Health;
using OpsModule.Core.Repair;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Repair;

/// <summary>The runbook's resolution steps for workloads (kubectl rollout restart, or one more replica) and the findings that pass through.</summary>
public sealed class WorkloadRepairTests
{
    [Fact]
    public async Task An_unavailable_deployment_gets_a_rolling_restart_like_kubectl_rollout_restart()
    {
        await using var bed = await RepairTestBed.StartAsync();
        var before = await bed.DeployAsync("saas-platform", 2);
        var finding = PodRepairTests.Finding(HealthCodes.Workloads.WorkloadUnavailable, "Deployment", "saas-platform");

        var result = (await RepairTestBed.RepairAsync(bed.Repairer(new RepairOptions { Wait = true, WaitTimeout = TimeSpan.FromSeconds(15) }), [finding]))[0];

        Assert.Equal((RepairOutcome.Repaired, RepairAction.Restart, "Deployment", "saas-platform"), (result.Outcome, result.Action, result.Kind, result.Name));
        Assert.EndsWith("All 2 pods are new and Ready.", result.Reason);
        var deployment = bed.Deployment("saas-platform");
        var restartedAt = deployment["spec"]!["template"]!["metadata"]!["annotations"]![RepairCooldown.RestartedAtAnnotation]!.GetValue<string>();
        Assert.Equal(restartedAt, deployment["metadata"]!["annotations"]![RepairCooldown.RepairedAtAnnotation]!.GetValue<string>());
        Assert.Empty(bed.PodNames("saas-platform").Intersect(before));
    }

    [Fact]
    public async Task A_Recreate_deployment_with_Ready_pods_is_not_restarted()
    {
        await using var bed = await RepairTestBed.StartAsync();
        await bed.DeployAsync("batch", 2, edit: d => d["spec"]!["strategy"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Recreate" });
        var finding = PodRepairTests.Finding(HealthCodes.Workloads.DeploymentRolloutStuck, "Deployment", "batch");

        var result = (await RepairTestBed.RepairAsync(bed.Repairer(), [finding]))[0];

        Assert.Equal(RepairOutcome.Skipped, result.Outcome);
        Assert.Equal("Would leave Deployment/batch with zero Ready replicas: its strategy is Recreate, which stops every pod before starting new ones.", result.Reason);
        Assert.Null(bed.Deployment("batch")["spec"]!["template"]!["metadata"]!["annotations"]);
    }

    [Fact]
    public async Task Action_ScaleUp_adds_one_replica_and_Action_None_only_reports()
    {
        await using var bed = await RepairTestBed.StartAsync();
        await bed.DeployAsync("api", 2);
        var finding = PodRepairTests.Finding(HealthCodes.Workloads.WorkloadUnavailable, "Deployment", "api");

        var none = (await RepairTestBed.RepairAsync(bed.Repairer(new RepairOptions { WorkloadAction = WorkloadRepairAction.None }), [finding]))[0];
        Assert.Equal((RepairOutcome.Skipped, "-Action None: reported, not repaired."), (none.Outcome, none.Reason));
        Assert.Equal(2, bed.Deployment("api")["spec"]!["replicas"]!.GetValue<int>());

        var scaled = (await RepairTestBed.RepairAsync(bed.Repairer(new RepairOptions { WorkloadAction = WorkloadRepairAction.ScaleUp }), [finding]))[0];
        Assert.Equal((RepairOutcome.Repaired, RepairAction.ScaleUp, "Scaled up to 3 replicas."), (scaled.Outcome, scaled.Action, scaled.Reason));
        Assert.Equal(3, bed.Deployment("api")["spec"]!["replicas"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(HealthCodes.Volumes.PvcPending, "PersistentVolumeClaim", "Not repairable automatically: a claim waits for storage, not for a restart.")]
    [InlineData(HealthCodes.Ingresses.IngressTlsSecretMissing, "Ingress", "Not repairable automatically: the TLS secret has to be created.")]
    [InlineData(HealthCodes.Autoscalers.HpaAtMaxReplicas, "HorizontalPodAutoscaler", "Not repairable automatically: the autoscaler is at its maximum: raise maxReplicas or find the load.")]
    [InlineData(HealthCodes.Nodes.NodeMemoryPressure, "Node", "Not repairable automatically: node pressure is the node's, not a pod's.")]
    [InlineData(HealthCodes.Workloads.WorkloadScaledToZero, "Deployment", "Not repairable automatically: zero replicas may be intended (the idle colour of a blue-green pair).")]
    public async Task Findings_no_restart_fixes_pass_through_as_NotRepairable_with_their_remediation(string code, string kind, string reason)
    {
        await using var bed = await RepairTestBed.StartAsync();
        var finding = PodRepairTests.Finding(code, kind, "thing", remediation: "the runbook step for a person");
        bed.Cluster.ClearRequestLog();

        var result = (await RepairTestBed.RepairAsync(bed.Repairer(), [finding]))[0];

        Assert.Equal((RepairOutcome.NotRepairable, RepairAction.None, reason, "the runbook step for a person"), (result.Outcome, result.Action, result.Reason, result.Remediation));
        Assert.Equal((code, HealthStatus.Warning, "thing"), (result.Code, result.Status, result.Name));
        Assert.Empty(bed.Cluster.RequestLog);
    }

    [Fact]
    public async Task A_bare_pod_is_not_evicted_since_nothing_would_replace_it()
    {
        await using var bed = await RepairTestBed.StartAsync();
        bed.Cluster.SetPodBehavior("default", "lonely", new PodBehavior { Failure = PodFailure.Restarting, RestartCount = 8 });
        bed.Cluster.Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"lonely","namespace":"default"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""");
        await bed.Cluster.WaitUntilAsync(c => c.TryGetPod("default", "lonely")?["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() == 8, TimeSpan.FromSeconds(10), "8 restarts");

        var result = Assert.Single(await bed.RunAsync());

        Assert.Equal(RepairOutcome.NotRepairable, result.Outcome);
        Assert.Equal("Not repairable automatically: no controller owns this pod, so nothing would replace it after an eviction.", result.Reason);
        Assert.Equal(0, bed.Evictions());
    }
}
