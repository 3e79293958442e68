using System.Net;
using System.Text.Json.Nodes;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Merge patch (RFC 7386), strategic merge patch and JSON patch (RFC 6902) behave like the API server's.</summary>
public sealed class PatchTests : IAsyncLifetime
{
    private TestCluster.TestCluster _cluster = null!;
    private ClusterHttp _http = null!;
    private const string DeploymentPath = "/apis/apps/v1/namespaces/default/deployments/web";

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.TestCluster.StartAsync();
        _http = new ClusterHttp(_cluster);
        var deployment = Manifests.Deployment("web", 1);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["env"] = new JsonArray(new JsonObject { ["name"] = "A", ["value"] = "1" }, new JsonObject { ["name"] = "B", ["value"] = "2" });
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "envoy:1" });
        _cluster.Apply(deployment);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    private static JsonArray Containers(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray();

    [Fact]
    public async Task Merge_patch_merges_maps_deletes_nulls_and_replaces_lists()
    {
        var (code, body) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath,
            """{"metadata":{"labels":{"tier":"front"},"annotations":null},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}}}""",
            "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("front", body["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        var containers = Containers(body);
        Assert.Single(containers);
        Assert.Null(containers[0]!["env"]);
        Assert.Equal(2, body["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_and_env_by_name_and_honours_delete()
    {
        var (code, body) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath,
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2","env":[{"name":"B","value":"20"},{"name":"C","value":"3"},{"name":"A","$patch":"delete"}]}]}}}}""",
            "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        var containers = Containers(body);
        Assert.Equal(2, containers.Count);
        var app = containers.First(c => c!["name"]!.GetValue<string>() == "app")!;
        Assert.Equal("nginx:2", app["image"]!.GetValue<string>());
        Assert.Equal(8080, app["ports"]![0]!["containerPort"]!.GetValue<int>());
        var env = app["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["B"] = "20", ["C"] = "3" }, env);
        Assert.Equal("envoy:1", containers.First(c => c!["name"]!.GetValue<string>() == "sidecar")!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_applies_operations_in_order_and_a_failed_test_changes_nothing()
    {
        var (code, body) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath,
            """[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels","value":{"a/b":"x"}},{"op":"copy","from":"/metadata/labels/a~1b","path":"/metadata/labels/c"},{"op":"move","from":"/metadata/labels/c","path":"/metadata/labels/d"},{"op":"remove","path":"/spec/template/spec/containers/1"},{"op":"test","path":"/spec/replicas","value":4}]""",
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(4, body["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("x", body["metadata"]!["labels"]!["a/b"]!.GetValue<string>());
        Assert.Equal("x", body["metadata"]!["labels"]!["d"]!.GetValue<string>());
        Assert.Null(body["metadata"]!["labels"]!["c"]);
        Assert.Single(Containers(body));

        var (failed, status) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath,
            """[{"op":"replace","path":"/spec/replicas","value":9},{"op":"test","path":"/spec/replicas","value":4}]""",
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(4, _cluster.Get("apps/v1", "Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_carrying_a_stale_resourceVersion_is_a_conflict()
    {
        var (code, _) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath, """{"metadata":{"resourceVersion":"1"},"spec":{"replicas":2}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, code);
    }

    [Fact]
    public async Task Scale_subresource_reads_and_writes_replicas()
    {
        // Status updates bump resourceVersion as on a real server; read the Scale once the rollout settled so the PUT is not stale.
        await _cluster.WaitUntilAsync(c => (int?)c.Get("apps/v1", "Deployment", "default", "web")?["status"]?["availableReplicas"] == 1,
            TimeSpan.FromSeconds(10), "web available");
        var (code, scale) = await _http.GetAsync(DeploymentPath + "/scale");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Equal("autoscaling/v1", scale["apiVersion"]!.GetValue<string>());
        Assert.Equal("app=web", scale["status"]!["selector"]!.GetValue<string>());
        scale["spec"]!["replicas"] = 3;
        var (putCode, put) = await _http.JsonAsync(HttpMethod.Put, DeploymentPath + "/scale", scale.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, putCode);
        Assert.Equal(3, put["spec"]!["replicas"]!.GetValue<int>());
        var (patchCode, _) = await _http.JsonAsync(HttpMethod.Patch, DeploymentPath + "/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patchCode);
        Assert.Equal(5, _cluster.Get("apps/v1", "Deployment", "default", "web")!["spec"]!["replicas"]!.GetValue<int>());
        var (stale, _) = await _http.JsonAsync(HttpMethod.Put, DeploymentPath + "/scale", scale.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, stale);
    }
}
