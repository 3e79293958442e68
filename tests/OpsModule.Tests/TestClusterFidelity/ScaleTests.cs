using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>The test cluster at thousands of pods: paging over the namespace index, controllers that react only to what
/// changed, and a population cost that grows with the pods, not with their square.</summary>
public sealed class ScaleTests
{
    private static async Task<TestCluster.TestCluster> StartAsync() =>
        await TestCluster.TestCluster.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(5) });

    private static List<string> Names(JsonObject list) =>
        list["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").ToList();

    private static async Task<List<string>> PageAllAsync(ClusterHttp http, string collection, int limit)
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var (code, page) = await http.GetAsync($"{collection}?limit={limit}" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, code);
            Assert.True(page["items"]!.AsArray().Count <= limit);
            seen.AddRange(Names(page));
            token = page["metadata"]!["continue"]?.GetValue<string>();
        } while (!string.IsNullOrEmpty(token));
        return seen;
    }

    [Fact]
    public async Task Paging_one_namespace_never_leaks_into_namespaces_sharing_its_prefix_and_all_namespaces_pages_everything_once()
    {
        await using var cluster = await StartAsync();
        var namespaces = new[] { "team", "team-b", "teama", "a" };
        foreach (var ns in namespaces)
        {
            for (var i = 0; i < 7; i++) cluster.Apply(Manifests.ConfigMap($"cm-{i}", ns));
        }
        using var http = new ClusterHttp(cluster);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"team/cm-{i}"), await PageAllAsync(http, "/api/v1/namespaces/team/configmaps", 3));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"team-b/cm-{i}"), await PageAllAsync(http, "/api/v1/namespaces/team-b/configmaps", 2));
        var everything = (await PageAllAsync(http, "/api/v1/configmaps", 5)).Where(n => !n.StartsWith("kube-", StringComparison.Ordinal)).ToList();
        var expected = namespaces.SelectMany(ns => Enumerable.Range(0, 7).Select(i => $"{ns}/cm-{i}")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, everything);
    }

    [Fact]
    public async Task A_pod_relabelled_out_of_a_service_leaves_its_endpoints_and_comes_back_when_relabelled()
    {
        await using var cluster = await StartAsync();
        cluster.Apply(Manifests.Service("web", new() { ["app"] = "web" }));
        foreach (var name in new[] { "p1", "p2" })
        {
            cluster.Apply($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"default","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"app:1","ports":[{"name":"http","containerPort":8080}]}]}}""");
        }
        int Addresses() => cluster.Get("v1", "Endpoints", "default", "web")?["subsets"]?[0]?["addresses"]?.AsArray().Count ?? 0;
        await cluster.WaitUntilAsync(_ => Addresses() == 2, TimeSpan.FromSeconds(5), "2 ready addresses");
        using var http = new ClusterHttp(cluster);

        using (var away = await http.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/p1", """{"metadata":{"labels":{"app":"other"}}}""", "application/merge-patch+json"))
            Assert.Equal(HttpStatusCode.OK, away.StatusCode);
        Assert.Equal(1, Addresses());
        Assert.Equal("p2", cluster.Get("v1", "Endpoints", "default", "web")!["subsets"]![0]!["addresses"]![0]!["targetRef"]!["name"]!.GetValue<string>());

        using (var back = await http.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/p1", """{"metadata":{"labels":{"app":"web"}}}""", "application/merge-patch+json"))
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(2, Addresses());
    }

    [Fact]
    public async Task Deleting_a_namespace_takes_its_workloads_and_leaves_the_others()
    {
        await using var cluster = await StartAsync();
        cluster.Apply(Manifests.Deployment("web", 2, ns: "gone"));
        cluster.Apply(Manifests.Deployment("web", 2, ns: "kept"));
        await cluster.WaitUntilAsync(c => c.ListPods("gone").Count == 2 && c.ListPods("kept").Count == 2, TimeSpan.FromSeconds(5), "2 + 2 pods");

        Assert.True(cluster.Delete("v1", "Namespace", null, "gone"));

        Assert.Empty(cluster.ListPods("gone"));
        Assert.Empty(cluster.List("apps/v1", "ReplicaSet", "gone"));
        Assert.Empty(cluster.List("apps/v1", "Deployment", "gone"));
        Assert.Equal(2, cluster.ListPods("kept").Count);
    }

    [Fact]
    public async Task Two_thousand_pods_over_twenty_namespaces_settle_in_seconds_not_minutes()
    {
        // Before the controllers worked from change queues, every apply scanned every object: this test failed there after
        // 213 s of populating (load average ≈ 10); now it takes a few seconds. The bound leaves room for a loaded machine.
        await using var cluster = await StartAsync();
        var stopwatch = Stopwatch.StartNew();
        for (var n = 0; n < 20; n++)
        {
            for (var d = 0; d < 20; d++)
            {
                cluster.Apply(Manifests.Deployment($"app-{d:00}", 5, ns: $"team-{n:00}"));
                cluster.Apply(Manifests.Service($"app-{d:00}", new() { ["app"] = $"app-{d:00}" }, ns: $"team-{n:00}"));
            }
        }
        await cluster.WaitUntilAsync(c => c.List("apps/v1", "Deployment", null).All(d => d["status"]?["availableReplicas"]?.GetValue<int>() == 5),
            TimeSpan.FromSeconds(60), "400 available deployments");
        var elapsed = stopwatch.Elapsed;

        var pods = cluster.List("v1", "Pod", null).Where(p => p["metadata"]!["namespace"]!.GetValue<string>().StartsWith("team-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2000, pods.Count);
        Assert.All(cluster.List("v1", "Endpoints", "team-07"), e => Assert.Equal(5, e["subsets"]![0]!["addresses"]!.AsArray().Count));
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"populating took {elapsed.TotalSeconds:0.0} s");
    }
}
