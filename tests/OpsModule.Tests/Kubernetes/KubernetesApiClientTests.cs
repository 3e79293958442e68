using System.Net;
using System.Text.Json.Nodes;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;
using OpsModule.TestCluster;
using OpsModule.Tests.TestClusterFidelity;

namespace OpsModule.Tests.Kubernetes;

public sealed class KubernetesApiClientTests
{
    [Fact]
    public async Task Reads_typed_pods_that_the_deployment_controller_made()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.Deployment("web", 2));
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 2, TimeSpan.FromSeconds(10));

        var pods = await bed.Client.ListAsync<V1Pod>("default", new ListOptions { LabelSelector = "app=web" }, CancellationToken.None);
        var deployment = await bed.Client.GetAsync<V1Deployment>("default", "web", CancellationToken.None);

        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("Running", p.Status.Phase));
        Assert.All(pods, p => Assert.StartsWith("web-", p.Name()));
        Assert.Equal(8080, pods[0].Spec.Containers[0].Ports![0].ContainerPort);
        Assert.Equal(2, deployment.Status.AvailableReplicas);
    }

    [Fact]
    public async Task A_missing_object_is_a_NotFound_error_naming_it()
    {
        await using var bed = await ClientTestBed.StartAsync();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => bed.Client.GetAsync<V1Service>("default", "nope", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("NotFound", error.Reason);
        Assert.Contains("\"nope\" not found", error.Message);
        Assert.Equal("/api/v1/namespaces/default/services/nope", error.RequestPath);
    }

    [Fact]
    public async Task Creating_twice_is_AlreadyExists_and_a_stale_replace_is_Conflict()
    {
        await using var bed = await ClientTestBed.StartAsync();
        var created = await bed.Client.CreateAsync(ResourceTypes.ConfigMaps, "default", Manifests.ConfigMap("settings"), CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<KubernetesApiException>(
            () => bed.Client.CreateAsync(ResourceTypes.ConfigMaps, "default", Manifests.ConfigMap("settings"), CancellationToken.None));
        var first = created.DeepClone().AsObject();
        first["data"]!["key"] = "one";
        await bed.Client.ReplaceAsync(ResourceTypes.ConfigMaps, "default", "settings", first, CancellationToken.None);
        var stale = created.DeepClone().AsObject();
        stale["data"]!["key"] = "two";
        var conflict = await Assert.ThrowsAsync<KubernetesApiException>(
            () => bed.Client.ReplaceAsync(ResourceTypes.ConfigMaps, "default", "settings", stale, CancellationToken.None));

        Assert.Equal("AlreadyExists", duplicate.Reason);
        Assert.True(conflict.IsConflict);
        Assert.Equal("Conflict", conflict.Reason);
        var stored = await bed.Client.GetAsync<V1ConfigMap>("default", "settings", CancellationToken.None);
        Assert.Equal("one", stored.Data!["key"]);
    }

    [Fact]
    public async Task Applies_merge_strategic_and_json_patches()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.Service("web", new() { ["app"] = "web", ["color"] = "blue" }));
        bed.Cluster.Apply(Manifests.Deployment("api", 1));

        var merged = await bed.Client.PatchAsync<V1Service>("default", "web", PatchType.Merge,
            JsonNode.Parse("""{"spec":{"selector":{"color":"green"}}}""")!, CancellationToken.None);
        var strategic = await bed.Client.PatchAsync<V1Deployment>("default", "api", PatchType.StrategicMerge,
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}""")!, CancellationToken.None);
        var jsonPatched = await bed.Client.PatchAsync(ResourceTypes.Services, "default", "web", PatchType.JsonPatch,
            JsonNode.Parse("""[{"op":"add","path":"/metadata/labels","value":{"team":"shop"}}]""")!, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["color"] = "green" }, merged.Spec.Selector);
        var container = Assert.Single(strategic.Spec.Template.Spec.Containers);
        Assert.Equal("nginx:1.27", container.Image);
        Assert.Equal(8080, container.Ports![0].ContainerPort);
        Assert.Equal("shop", (string?)jsonPatched["metadata"]!["labels"]!["team"]);
    }

    [Fact]
    public async Task Lists_follow_continue_tokens_page_by_page()
    {
        await using var bed = await ClientTestBed.StartAsync();
        for (var i = 0; i < 25; i++)
        {
            bed.Cluster.Apply(Manifests.ConfigMap($"cm-{i:00}", labels: new() { ["set"] = "paged" }));
        }

        bed.Cluster.ClearRequestLog();
        var all = await bed.Client.ListAsync(ResourceTypes.ConfigMaps, "default", new ListOptions { LabelSelector = "set=paged", PageSize = 10 }, CancellationToken.None);

        Assert.Equal(25, all.Count);
        Assert.Equal(25, all.Select(c => (string?)c["metadata"]!["name"]).Distinct().Count());
        Assert.All(all, c => Assert.Equal("ConfigMap", (string?)c["kind"]));
        var lists = bed.Cluster.RequestLog.Where(l => l.Contains("/configmaps", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lists.Count);
        Assert.Equal(2, lists.Count(l => l.Contains("continue=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Scales_through_the_scale_subresource()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.Deployment("web", 1));

        var scale = await bed.Client.SetScaleAsync(ResourceTypes.Deployments, "default", "web", 3, CancellationToken.None);
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 3, TimeSpan.FromSeconds(10), "3 ready pods");
        var read = await bed.Client.GetScaleAsync(ResourceTypes.Deployments, "default", "web", CancellationToken.None);

        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal(3, read.Spec.Replicas);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => bed.Client.SetScaleAsync(ResourceTypes.Deployments, "default", "web", -1, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_reports_whether_the_object_was_there()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.ConfigMap("doomed"));

        Assert.True(await bed.Client.DeleteAsync(ResourceTypes.ConfigMaps, "default", "doomed", CancellationToken.None));
        Assert.False(await bed.Client.DeleteAsync(ResourceTypes.ConfigMaps, "default", "doomed", CancellationToken.None));
        Assert.Null(bed.Cluster.Get("v1", "ConfigMap", "default", "doomed"));
    }

    [Fact]
    public async Task Proxies_to_the_pods_behind_a_service_and_tells_an_api_server_error_apart()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.Deployment("web", 1));
        bed.Cluster.Apply(Manifests.Service("web", new() { ["app"] = "web" }));
        bed.Cluster.Apply(Manifests.Service("empty", new() { ["app"] = "nothing" }));
        bed.Cluster.SetHttpResponse(PodMatch.Labels("app=web"), "/health", 200, "healthy");
        await bed.Cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 1, TimeSpan.FromSeconds(10));

        var ok = await bed.Client.ProxyGetAsync(ProxyTarget.Service, "default", "web", "http", "/health", TimeSpan.FromSeconds(5), CancellationToken.None);
        var none = await bed.Client.ProxyGetAsync(ProxyTarget.Service, "default", "empty", "http", "/health", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(ok.IsSuccess);
        Assert.Equal("healthy", ok.Body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode);
        Assert.True(none.IsApiServerError);
    }

    [Fact]
    public async Task Discovery_tells_whether_the_metrics_api_is_served()
    {
        await using var bed = await ClientTestBed.StartAsync();

        var version = await bed.Client.GetVersionAsync(CancellationToken.None);
        Assert.True(await bed.Client.IsServedAsync(ResourceTypes.PodMetrics, CancellationToken.None));
        bed.Cluster.MetricsAvailable = false;
        Assert.False(await bed.Client.IsServedAsync(ResourceTypes.PodMetrics, CancellationToken.None));
        Assert.StartsWith("v1.", version.GitVersion);
    }
}
