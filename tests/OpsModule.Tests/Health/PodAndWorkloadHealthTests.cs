using OpsModule.Core.Health;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Health;

public sealed class PodAndWorkloadHealthTests
{
    [Fact]
    public async Task The_runbook_apps_running_well_have_no_findings()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        RunbookApps.CeoAgent(bed.Cluster);
        bed.Cluster.SetHttpResponse(PodMatch.Any, null, 200, "ok");
        await bed.SettleAsync("test", "app=ai-code-reviewer", 2);
        await bed.SettleAsync("ceoagent", "app=postgres", 1);
        await bed.SettleAsync("ceoagent", "app=ceoagent-api", 2);

        var run = await bed.RunAsync(new HealthOptions { Namespaces = ["test", "ceoagent"], IncludeHealthy = true });

        Assert.Empty(run.Problems());
        Assert.Empty(run.Failures);
        Assert.Equal(5, run.Results.Count(r => r.Code == "PodHealthy"));
        Assert.Contains(run.Results, r => r.Code == "WorkloadAvailable" && r.Kind == "StatefulSet" && r.Name == "postgres");
        Assert.Contains(run.Results, r => r.Code == "ServiceHealthy" && r.Name == "ai-code-reviewer");
        Assert.Contains(run.Results, r => r.Code == "IngressHealthy" && r.Observed == "20.50.1.7");
        Assert.Contains(run.Results, r => r.Code == "CertificateValid" && r.Name == "ai-code-reviewer-tls");
        Assert.Contains(run.Results, r => r.Code == "HttpEndpointHealthy" && r.Message.Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_looping_app_is_critical_with_its_last_exit()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("broken:1", new PodBehavior { Failure = PodFailure.CrashLoopBackOff, RestartCount = 7, ExitCode = 2 });
        RunbookApps.AiCodeReviewer(bed.Cluster, image: "broken:1", replicas: 1);
        await bed.WaitForPodStateAsync("test", "CrashLoopBackOff");

        var run = await bed.RunAsync("test", HealthCheck.Pods, HealthCheck.Workloads, HealthCheck.Services);

        var crash = run.Single("PodCrashLoopBackOff");
        Assert.Equal(HealthStatus.Critical, crash.Status);
        Assert.StartsWith("ai-code-reviewer-", crash.Name);
        Assert.Contains("exit code 2", crash.Message);
        Assert.Equal("7 restarts", crash.Observed);
        Assert.Contains("--previous", crash.Remediation);
        var workload = run.Single("WorkloadUnavailable");
        Assert.Equal(("Deployment", "ai-code-reviewer", HealthStatus.Critical), (workload.Kind, workload.Name, workload.Status));
        Assert.Equal(HealthStatus.Critical, run.Single("ServiceNoReadyEndpoints").Status);
        Assert.DoesNotContain(run.Results, r => r.Code == "PodRestartsHigh");
    }

    [Theory]
    [InlineData(PodFailure.ImagePullBackOff, "PodImagePullError", HealthStatus.Critical)]
    [InlineData(PodFailure.ErrImagePull, "PodImagePullError", HealthStatus.Critical)]
    [InlineData(PodFailure.Unschedulable, "PodUnschedulable", HealthStatus.Critical)]
    [InlineData(PodFailure.CreateContainerConfigError, "PodContainerConfigError", HealthStatus.Critical)]
    [InlineData(PodFailure.OOMKilled, "PodOOMKilled", HealthStatus.Warning)]
    [InlineData(PodFailure.Evicted, "PodEvicted", HealthStatus.Warning)]
    public async Task Each_pod_failure_mode_has_its_finding(PodFailure failure, string code, HealthStatus status)
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("bad:1", failure);
        bed.Cluster.Apply(RunbookApps.Deployment("ceoagent", "ceoagent-api", 1, "bad:1"));
        await bed.WaitForPodStateAsync("ceoagent", failure.ToString());

        var run = await bed.RunAsync("ceoagent", HealthCheck.Pods);

        var finding = run.Single(code);
        Assert.Equal(status, finding.Status);
        Assert.Equal(("ceoagent", "Pod"), (finding.Namespace, finding.Kind));
        Assert.StartsWith("ceoagent-api-", finding.Name);
        Assert.NotEmpty(finding.Remediation);
        Assert.DoesNotContain(run.Results, r => r.Code == "PodHealthy");
    }

    [Fact]
    public async Task A_pod_not_ready_for_longer_than_five_minutes_is_a_warning_but_not_before()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("slow:1", PodFailure.NotReady);
        bed.Cluster.Apply(RunbookApps.Deployment("test", "ai-code-reviewer", 1, "slow:1"));
        await bed.Cluster.WaitUntilAsync(c => c.ListPods("test").Any(p => (string?)p["status"]?["phase"] == "Running"), TimeSpan.FromSeconds(5));

        var now = await bed.RunAsync(new HealthOptions { Namespaces = ["test"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods } });
        var later = await bed.RunAsync(new HealthOptions { Namespaces = ["test"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods } }, TimeSpan.FromMinutes(6));

        Assert.DoesNotContain(now.Results, r => r.Code == "PodNotReady");
        Assert.Equal(HealthStatus.Warning, later.Single("PodNotReady").Status);
    }

    [Fact]
    public async Task A_rollout_past_its_progress_deadline_is_stuck()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.SetImageBehavior("registry.example.com/user-service:typo", PodFailure.ImagePullBackOff);
        bed.Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "user-service", 1, "registry.example.com/user-service:typo", progressDeadlineSeconds: 1));
        await bed.Cluster.WaitUntilAsync(
            c => c.Get("apps/v1", "Deployment", "ecommerce-k8s", "user-service")?["status"]?["conditions"]?.ToJsonString().Contains("ProgressDeadlineExceeded") == true,
            TimeSpan.FromSeconds(10), "progress deadline");

        var run = await bed.RunAsync("ecommerce-k8s", HealthCheck.Workloads);

        var stuck = run.Single("DeploymentRolloutStuck");
        Assert.Equal(HealthStatus.Critical, stuck.Status);
        Assert.Contains("kubectl rollout undo deployment/user-service", stuck.Remediation);
    }

    [Fact]
    public async Task A_deployment_scaled_to_zero_is_a_warning_and_a_partial_one_too()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "order-service", 0, "ecommerce/order:1"));
        bed.Cluster.SetPodBehavior(PodMatch.NamePrefix("ecommerce-k8s", "user-service-"), PodBehavior.Healthy);
        bed.Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "user-service", 2, "ecommerce/user-service:1.0"));
        await bed.SettleAsync("ecommerce-k8s", "app=user-service", 2);
        var pods = bed.Cluster.ListPods("ecommerce-k8s", "app=user-service");
        bed.Cluster.SetPodBehavior("ecommerce-k8s", (string)pods[0]["metadata"]!["name"]!, PodFailure.NotReady);
        await bed.SettleAsync("ecommerce-k8s", "app=user-service", 1);
        await bed.Cluster.WaitUntilAsync(c => (int?)c.Get("apps/v1", "Deployment", "ecommerce-k8s", "user-service")?["status"]?["availableReplicas"] == 1, TimeSpan.FromSeconds(5));

        var run = await bed.RunAsync("ecommerce-k8s", HealthCheck.Workloads);

        Assert.Equal(HealthStatus.Warning, run.Single("WorkloadScaledToZero").Status);
        var partial = run.Single("WorkloadUnavailable");
        Assert.Equal((HealthStatus.Warning, "user-service", "1/2 available"), (partial.Status, partial.Name, partial.Observed));
    }
}
