using OpsModule.Core.Health;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Health;

public sealed class ServiceAndTrafficHealthTests
{
    [Fact]
    public async Task A_service_whose_selector_matches_no_pod_is_critical()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        bed.Cluster.Apply(RunbookApps.Service("test", "reviewer-typo", new() { ["app"] = "ai-code-reviwer" }, "http"));
        await bed.SettleAsync("test", "app=ai-code-reviewer", 2);

        var run = await bed.RunAsync("test", HealthCheck.Services);

        var finding = run.Single("ServiceSelectorMatchesNoPod");
        Assert.Equal((HealthStatus.Critical, "reviewer-typo"), (finding.Status, finding.Name));
        Assert.Contains("app=ai-code-reviwer", finding.Message);
        Assert.Equal("ai-code-reviewer", run.Single("ServiceHealthy").Name);
    }

    [Fact]
    public async Task A_target_port_the_pods_do_not_expose_is_critical()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        bed.Cluster.Apply(RunbookApps.Service("test", "ai-code-reviewer", new() { ["app"] = "ai-code-reviewer" }, "metrics"));
        await bed.SettleAsync("test", "app=ai-code-reviewer", 2);

        var run = await bed.RunAsync("test", HealthCheck.Services);

        var finding = run.Single("ServiceTargetPortMissing");
        Assert.Equal(("metrics", HealthStatus.Critical), (finding.Observed, finding.Status));
    }

    [Fact]
    public async Task An_ingress_with_a_missing_backend_and_tls_secret_and_no_address_is_reported()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.Ingress("test", "broken", "no-such-service", "no-such-tls", address: null));

        var run = await bed.RunAsync("test", HealthCheck.Ingresses);

        Assert.Equal("no-such-service", run.Single("IngressBackendMissing").Observed);
        Assert.Equal("no-such-tls", run.Single("IngressTlsSecretMissing").Observed);
        Assert.Equal(HealthStatus.Warning, run.Single("IngressNoAddress").Status);
        Assert.DoesNotContain(run.Results, r => r.Code == "IngressHealthy");
    }

    [Fact]
    public async Task Autoscaler_findings_at_max_without_metrics_and_without_target()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.UserService(bed.Cluster, currentReplicas: 10);
        bed.Cluster.Apply(RunbookApps.Hpa("ecommerce-k8s", "cart-service", "cart-service", 2, 5, 2, scalingActive: true));
        bed.Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "order-service", 2, "ecommerce/order:1"));
        bed.Cluster.Apply(RunbookApps.Hpa("ecommerce-k8s", "order-service", "order-service", 2, 5, 2, scalingActive: false));
        bed.Cluster.Apply(RunbookApps.Deployment("ecommerce-k8s", "search", 2, "ecommerce/search:1"));
        bed.Cluster.Apply(RunbookApps.Hpa("ecommerce-k8s", "search", "search", 2, 5, 3, scalingActive: true));

        var run = await bed.RunAsync("ecommerce-k8s", HealthCheck.Autoscalers);

        var atMax = run.Single("HpaAtMaxReplicas");
        Assert.Equal(("user-service", "10", "10"), (atMax.Name, atMax.Observed, atMax.Threshold));
        Assert.Equal("cart-service", run.Single("HpaTargetMissing").Name);
        Assert.Contains("no metrics returned", run.Single("HpaMetricsUnavailable").Message);
        Assert.Equal("search", run.Single("HpaHealthy").Name);
    }

    [Fact]
    public async Task Pending_and_lost_claims_are_reported_and_bound_ones_are_healthy()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.Claim("ceoagent", "postgres-data-postgres-0", "Bound"));
        bed.Cluster.Apply(RunbookApps.Claim("ceoagent", "uploads", "Pending"));
        bed.Cluster.Apply(RunbookApps.Claim("ceoagent", "old-data", "Lost"));

        var run = await bed.RunAsync("ceoagent", HealthCheck.Volumes);

        Assert.Equal((HealthStatus.Warning, "uploads"), (run.Single("PvcPending").Status, run.Single("PvcPending").Name));
        Assert.Equal((HealthStatus.Critical, "old-data"), (run.Single("PvcLost").Status, run.Single("PvcLost").Name));
        Assert.Equal("postgres-data-postgres-0", run.Single("PvcBound").Name);
    }

    [Fact]
    public async Task Warning_events_are_grouped_by_object_and_reason_with_counts()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        bed.Cluster.AddEvent("apps/v1", "StatefulSet", "ceoagent", "postgres", "FailedCreate", "create Pod postgres-0 failed: quota exceeded", type: "Warning", count: 2);
        bed.Cluster.AddEvent("apps/v1", "StatefulSet", "ceoagent", "postgres", "FailedCreate", "create Pod postgres-0 failed: quota exceeded", type: "Warning", count: 1);
        bed.Cluster.AddEvent("apps/v1", "Deployment", "ceoagent", "ceoagent-api", "ScalingReplicaSet", "Scaled up", type: "Normal");

        var run = await bed.RunAsync("ceoagent", HealthCheck.Events);

        var grouped = Assert.Single(run.Results, r => r.Name == "postgres");
        Assert.Equal(("WarningEvent", "StatefulSet", "3"), (grouped.Code, grouped.Kind, grouped.Observed));
        Assert.Contains("FailedCreate x3", grouped.Message);
        Assert.DoesNotContain(run.Results, r => r.Message.Contains("Scaled up", StringComparison.Ordinal));

        var outsideWindow = await bed.RunAsync(new HealthOptions { Namespaces = ["ceoagent"], Checks = new HashSet<HealthCheck> { HealthCheck.Events } }, TimeSpan.FromHours(2));
        Assert.DoesNotContain(outsideWindow.Results, r => r.Name == "postgres");
    }

    [Fact]
    public async Task NotReady_and_cordoned_nodes_are_reported()
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.AddNode("aks-nodepool1-2", ready: false);
        var cordoned = bed.Cluster.AddNode("aks-nodepool1-3");
        cordoned["spec"] = new System.Text.Json.Nodes.JsonObject { ["unschedulable"] = true };
        bed.Cluster.Apply(cordoned);

        var run = await bed.RunAsync("default", HealthCheck.Nodes);

        Assert.Equal((HealthStatus.Critical, "aks-nodepool1-2"), (run.Single("NodeNotReady").Status, run.Single("NodeNotReady").Name));
        Assert.Equal("aks-nodepool1-3", run.Single("NodeCordoned").Name);
        Assert.Contains(run.Results, r => r.Code == "NodeReady");
    }

    [Fact]
    public async Task Http_probes_go_through_the_service_proxy_to_the_declared_probe_paths()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        bed.Cluster.SetHttpResponse(PodMatch.Any, "/health", 200, "ok");
        bed.Cluster.SetHttpResponse(PodMatch.Any, "/ready", 503, "dify unreachable");
        bed.Cluster.SetHttpResponse(PodMatch.Any, "/startup", 200, "ok", delay: TimeSpan.FromSeconds(3));
        await bed.SettleAsync("test", "app=ai-code-reviewer", 2);

        var run = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["test"], Checks = new HashSet<HealthCheck> { HealthCheck.Http }, HttpTimeout = TimeSpan.FromSeconds(1),
        });

        var failing = run.Single("HttpEndpointFailing");
        Assert.Equal(HealthStatus.Critical, failing.Status);
        Assert.Contains("GET /ready answered 503", failing.Message);
        Assert.Contains("the application", failing.Message);
        Assert.Contains("/startup", run.Single("HttpEndpointTimeout").Message);
        Assert.StartsWith("200 in ", run.Single("HttpEndpointHealthy").Observed);
    }

    [Fact]
    public async Task Per_pod_probes_find_the_one_bad_pod()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.AiCodeReviewer(bed.Cluster);
        await bed.SettleAsync("test", "app=ai-code-reviewer", 2);
        var bad = (string)bed.Cluster.ListPods("test", "app=ai-code-reviewer")[0]["metadata"]!["name"]!;
        bed.Cluster.SetHttpResponse(PodMatch.Any, "/health", 200, "ok");
        bed.Cluster.SetHttpResponse(PodMatch.Named("test", bad), "/health", 500, "boom");

        var run = await bed.RunAsync(new HealthOptions
        {
            Namespaces = ["test"], Checks = new HashSet<HealthCheck> { HealthCheck.Http }, HttpPaths = ["/health"], PerPod = true,
        });

        var failing = run.Single("HttpEndpointFailing");
        Assert.Equal(("Pod", bad), (failing.Kind, failing.Name));
        Assert.Equal("Pod", run.Single("HttpEndpointHealthy").Kind);
    }

    [Theory]
    [InlineData(-3, "CertificateExpired", HealthStatus.Critical)]
    [InlineData(10, "CertificateExpiring", HealthStatus.Critical)]
    [InlineData(20, "CertificateExpiring", HealthStatus.Warning)]
    [InlineData(120, "CertificateValid", HealthStatus.Healthy)]
    public async Task Tls_certificates_are_judged_by_days_left(int days, string code, HealthStatus status)
    {
        await using var bed = await HealthTestBed.StartAsync();
        bed.Cluster.Apply(RunbookApps.TlsSecret("test", "reviewer-tls", "reviewer.example.com", days));

        var run = await bed.RunAsync("test", HealthCheck.Certificates);

        var finding = run.Single(code);
        Assert.Equal((status, "reviewer-tls"), (finding.Status, finding.Name));
        Assert.Contains("reviewer.example.com", finding.Message);
        Assert.DoesNotContain("BEGIN", finding.Message + finding.Observed + finding.Remediation);
    }

    [Fact]
    public async Task Resource_use_is_judged_against_limits_and_missing_metrics_is_one_unknown()
    {
        await using var bed = await HealthTestBed.StartAsync();
        RunbookApps.CeoAgent(bed.Cluster);
        await bed.SettleAsync("ceoagent", "app=ceoagent-api", 2);
        var pods = bed.Cluster.ListPods("ceoagent", "app=ceoagent-api").Select(p => (string)p["metadata"]!["name"]!).ToList();
        bed.Cluster.SetPodMetrics("ceoagent", pods[0], new ContainerUsage("ceoagent-api", "400m", "480Mi"));
        bed.Cluster.SetPodMetrics("ceoagent", pods[1], new ContainerUsage("ceoagent-api", "100m", "100Mi"));

        var run = await bed.RunAsync("ceoagent", HealthCheck.Resources);
        bed.Cluster.MetricsAvailable = false;
        var without = await bed.RunAsync("ceoagent", HealthCheck.Resources);

        var cpu = run.Single("CpuUsageHigh");
        Assert.Equal((HealthStatus.Warning, pods[0], "80 %", "70 %"), (cpu.Status, cpu.Name, cpu.Observed, cpu.Threshold));
        var memory = run.Single("MemoryUsageHigh");
        Assert.Equal((HealthStatus.Critical, "94 %"), (memory.Status, memory.Observed));
        Assert.Equal(pods[1], run.Single("ResourceUsageNormal").Name);
        var unknown = Assert.Single(without.Results);
        Assert.Equal(("MetricsUnavailable", HealthStatus.Unknown), (unknown.Code, unknown.Status));
        Assert.Contains("metrics-server", unknown.Remediation);
    }
}
