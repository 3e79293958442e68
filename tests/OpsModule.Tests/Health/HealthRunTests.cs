using OpsModule.Core.Health;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Health;

public sealed class HealthRunTests
{
    [Fact]
    public async Task Reads_each_kind_with_one_list_call_per_namespace_never_a_get_per_pod()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster, replicas: 5);
        await bed.SettleAsync("test", "app=ai-code-reviewer", 5);
        bed.Cluster.ClearRequestLog();

        await bed.RunAsync(new HealthOptions { Namespaces = ["test"], Checks = Enum.GetValues<HealthCheck>().Where(c => c != HealthCheck.Http).ToHashSet() });

        var log = bed.Cluster.RequestLog;
        Assert.Single(log, l => l.StartsWith("GET /api/v1/namespaces/test/pods?", StringComparison.Ordinal) || l == "GET /api/v1/namespaces/test/pods");
        Assert.DoesNotContain(log, l => l.StartsWith("GET /api/v1/namespaces/test/pods/", StringComparison.Ordinal));
        foreach (var kind in new[] { "services", "endpoints", "deployments", "statefulsets", "daemonsets", "ingresses", "horizontalpodautoscalers", "persistentvolumeclaims", "events", "secrets" })
        {
            Assert.Single(log, l => l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains($"/namespaces/test/{kind}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(HealthCheck.Volumes, "persistentvolumeclaims")]
    [InlineData(HealthCheck.Pods, "pods")]
    [InlineData(HealthCheck.Workloads, "deployments,statefulsets,daemonsets")]
    [InlineData(HealthCheck.Certificates, "ingresses,secrets")]
    public async Task Lists_only_what_the_selected_checks_read(HealthCheck check, string kinds)
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster, replicas: 1);
        bed.Cluster.ClearRequestLog();

        await bed.RunAsync("test", check);

        var listed = bed.Cluster.RequestLog
            .Where(l => l.StartsWith("GET /api", StringComparison.Ordinal) && l.Contains("/namespaces/test/", StringComparison.Ordinal))
            .Select(l => l.Split('?')[0].Split("/namespaces/test/")[1])
            .Where(rest => !rest.Contains('/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(kinds.Split(',').Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public void Every_namespace_check_is_registered_once_and_names_what_it_reads()
    {
        var registered = HealthCheckRegistry.NamespaceChecks;

        Assert.Equal(
            Enum.GetValues<HealthCheck>().Except([HealthCheck.Nodes, HealthCheck.Database]).Order(),
            registered.Select(c => c.Check).Order());
        Assert.All(registered, c => Assert.NotEqual(SnapshotParts.None, c.Needs));
    }

    [Fact]
    public async Task A_forbidden_namespace_is_a_failure_while_the_others_still_report()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        bed.Cluster.SetImageBehavior("broken:1", PodFailure.CrashLoopBackOff);
        bed.Cluster.Apply(RunbookApps.Deployment("test", "ai-code-reviewer", 1, "broken:1"));
        await bed.WaitForPodStateAsync("test", "CrashLoopBackOff");
        bed.Cluster.Faults.ForbidNamespace("ceoagent");

        var run = await bed.RunAsync(new HealthOptions { Namespaces = ["ceoagent", "test"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods } });

        var failure = Assert.Single(run.Failures);
        Assert.Equal("ceoagent", failure.Namespace);
        Assert.Contains("RBAC", failure.Error.Message);
        Assert.Contains(run.Results, r => r.Code == "PodCrashLoopBackOff" && r.Namespace == "test");
    }

    [Fact]
    public async Task All_namespaces_uses_cluster_wide_lists_and_reports_per_namespace()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        RunbookApps.UserService(bed.Cluster);
        await bed.SettleAsync("ecommerce-k8s", "app=user-service", 3);
        bed.Cluster.ClearRequestLog();

        var run = await bed.RunAsync(new HealthOptions { AllNamespaces = true, Checks = new HashSet<HealthCheck> { HealthCheck.Pods, HealthCheck.Workloads } });

        Assert.Contains("ceoagent", run.Namespaces);
        Assert.Contains("ecommerce-k8s", run.Namespaces);
        Assert.Contains(run.Results, r => r.Namespace == "ecommerce-k8s" && r.Name == "user-service" && r.Code == "WorkloadAvailable");
        Assert.Single(bed.Cluster.RequestLog, l => l.StartsWith("GET /api/v1/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Excluded_codes_are_left_out()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.Ingress("test", "pending", "nothing", null, address: null));

        var run = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["test"], Checks = new HashSet<HealthCheck> { HealthCheck.Ingresses },
            ExcludeCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ingressnoaddress" },
        });

        Assert.DoesNotContain(run.Results, r => r.Code == "IngressNoAddress");
        Assert.Contains(run.Results, r => r.Code == "IngressBackendMissing");
    }

    [Fact]
    public async Task A_namespace_that_does_not_exist_is_a_NamespaceNotFound_failure_not_an_empty_report()
    {
        await using var bed = await HealthTestBed.StartAsync();

        var run = await bed.RunAsync(new HealthOptions { Namespaces = ["nosuchns"] });

        var failure = Assert.Single(run.Failures);
        Assert.Equal("nosuchns", failure.Namespace);
        var error = Assert.IsType<OpsModule.Core.Errors.OpsException>(failure.Error);
        Assert.Equal("Ops.Kubernetes.NamespaceNotFound", error.ErrorId);
        Assert.Equal("nosuchns", error.TargetObject);
        Assert.Empty(run.Results);
        Assert.Empty(run.Namespaces);
    }

    [Fact]
    public async Task A_missing_namespace_beside_a_real_one_leaves_the_real_one_and_the_cluster_findings()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);

        var run = await bed.RunAsync(new HealthOptions { Namespaces = ["ceoagent", "nosuchns"], Checks = new HashSet<HealthCheck> { HealthCheck.Pods, HealthCheck.Nodes } });

        Assert.Equal(["ceoagent"], run.Namespaces);
        Assert.Equal("nosuchns", Assert.Single(run.Failures).Namespace);
        Assert.Contains(run.Results, r => r.Check == HealthCheck.Nodes);
    }

    [Fact]
    public async Task The_lists_do_not_wait_for_the_metrics_discovery_and_the_metrics_still_count()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        await bed.SettleAsync("ceoagent", "app=ceoagent-api", 2);
        var pod = bed.Cluster.ListPods("ceoagent", "app=ceoagent-api").Select(p => (string)p["metadata"]!["name"]!).First();
        bed.Cluster.SetPodMetrics("ceoagent", pod, new ContainerUsage("ceoagent-api", "400m", "480Mi"));
        var discovery = TimeSpan.FromSeconds(3);
        bed.Cluster.Faults.AddLatency(discovery, r => r.Path == "/apis/metrics.k8s.io/v1beta1");
        bed.Cluster.ClearRequestLog();

        var run = bed.RunAsync("ceoagent", HealthCheck.Pods, HealthCheck.Resources);

        // A slow aggregated API (metrics-server) used to hold back every list of the run.
        await bed.Cluster.WaitUntilAsync(
            c => c.RequestLog.Any(l => l.StartsWith("GET /api/v1/namespaces/ceoagent/pods", StringComparison.Ordinal)),
            discovery * 2 / 3, "the pod list, sent while the metrics discovery is still unanswered");
        Assert.False(run.IsCompleted);
        var result = await run;
        Assert.Equal(pod, result.Single("MemoryUsageHigh").Name);
        Assert.Single(bed.Cluster.RequestLog, l => l.StartsWith("GET /apis/metrics.k8s.io/v1beta1/namespaces/ceoagent/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_metrics_discovery_still_fails_the_run_with_its_own_error()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        bed.Cluster.Faults.FailNext(1, 403, r => r.Path == "/apis/metrics.k8s.io/v1beta1");

        var error = await Assert.ThrowsAsync<OpsModule.Core.Kubernetes.KubernetesApiException>(() => bed.RunAsync("ceoagent", HealthCheck.Pods, HealthCheck.Resources));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("/apis/metrics.k8s.io/v1beta1", error.RequestPath);
    }
}
