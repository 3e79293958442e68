using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Label/field selectors, limit/continue paging and watch streams.</summary>
public sealed class ListAndWatchTests : IAsyncLifetime
{
    private TestCluster.TestCluster _cluster = null!;
    private ClusterHttp _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.Zero });
        _http = new ClusterHttp(_cluster);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    private static List<string> Names(JsonObject list) => list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();

    [Theory]
    [InlineData("env=prod", "a,c")]
    [InlineData("env==prod", "a,c")]
    [InlineData("env!=prod", "b,d")]
    [InlineData("env in (prod,dev)", "a,b,c")]
    [InlineData("env notin (prod)", "b,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("env=prod,tier", "a")]
    public async Task Label_selectors_filter_like_the_api_server(string selector, string expected)
    {
        _cluster.Apply(Manifests.ConfigMap("a", labels: new() { ["env"] = "prod", ["tier"] = "web" }));
        _cluster.Apply(Manifests.ConfigMap("b", labels: new() { ["env"] = "dev", ["tier"] = "db" }));
        _cluster.Apply(Manifests.ConfigMap("c", labels: new() { ["env"] = "prod" }));
        _cluster.Apply(Manifests.ConfigMap("d"));
        var (code, list) = await _http.GetAsync("/api/v1/namespaces/default/configmaps?labelSelector=" + Uri.EscapeDataString(selector));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(expected.Split(','), Names(list));
        Assert.Equal("ConfigMapList", list["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Field_selectors_on_pods_and_events()
    {
        _cluster.Apply(Manifests.Deployment("web", 2));
        _cluster.SetPodBehavior(PodMatch.Labels("app=broken"), PodFailure.ImagePullBackOff);
        _cluster.Apply(Manifests.Deployment("broken", 1));
        await _cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 2, TimeSpan.FromSeconds(5));
        var (_, running) = await _http.GetAsync("/api/v1/pods?fieldSelector=status.phase%3DRunning");
        Assert.Equal(2, running["items"]!.AsArray().Count);
        var (_, notRunning) = await _http.GetAsync("/api/v1/namespaces/default/pods?fieldSelector=status.phase!%3DRunning,spec.nodeName%3Dnode-1");
        Assert.Single(notRunning["items"]!.AsArray());
        var name = Names(running)[0];
        var (_, byName) = await _http.GetAsync($"/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3D{name}");
        Assert.Equal([name], Names(byName));
        var (_, events) = await _http.GetAsync($"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D{name},involvedObject.kind%3DPod");
        Assert.Contains(events["items"]!.AsArray(), e => e!["reason"]!.GetValue<string>() == "Scheduled");
        var (_, warnings) = await _http.GetAsync("/api/v1/namespaces/default/events?fieldSelector=type%3DWarning");
        Assert.NotEmpty(warnings["items"]!.AsArray());
        Assert.All(warnings["items"]!.AsArray(), e => Assert.Equal("Warning", e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Limit_and_continue_page_through_everything_once()
    {
        for (var i = 0; i < 23; i++) _cluster.Apply(Manifests.ConfigMap($"cm-{i:00}"));
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var path = "/api/v1/namespaces/default/configmaps?limit=10" + (token is null ? "" : "&continue=" + Uri.EscapeDataString(token));
            var (code, page) = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, code);
            seen.AddRange(Names(page));
            token = page["metadata"]!["continue"]?.GetValue<string>();
            if (token is not null) Assert.Equal(23 - seen.Count, page["metadata"]!["remainingItemCount"]!.GetValue<int>());
            pages++;
        } while (!string.IsNullOrEmpty(token));
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"cm-{i:00}"), seen);
        var (bad, _) = await _http.GetAsync("/api/v1/namespaces/default/configmaps?limit=10&continue=%%%");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }

    [Fact]
    public async Task Watch_from_zero_lists_current_objects_then_streams_changes_until_timeout()
    {
        _cluster.Apply(Manifests.ConfigMap("first", labels: new() { ["w"] = "1" }));
        using var response = await _http.Client.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&labelSelector=w%3D1&timeoutSeconds=3&allowWatchBookmarks=true",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        async Task<(string Type, string Name)> NextAsync()
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
            var evt = JsonNode.Parse(line!)!;
            return (evt["type"]!.GetValue<string>(), evt["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
        Assert.Equal(("ADDED", "first"), await NextAsync());
        _cluster.Apply(Manifests.ConfigMap("ignored"));
        _cluster.Apply(Manifests.ConfigMap("second", labels: new() { ["w"] = "1" }));
        Assert.Equal(("ADDED", "second"), await NextAsync());
        var changed = Manifests.ConfigMap("first", labels: new() { ["w"] = "1" });
        changed["data"]!["key"] = "changed";
        _cluster.Apply(changed);
        Assert.Equal(("MODIFIED", "first"), await NextAsync());
        _cluster.Apply(Manifests.ConfigMap("second", labels: new() { ["w"] = "2" }));
        Assert.Equal(("DELETED", "second"), await NextAsync());
        _cluster.Delete("v1", "ConfigMap", "default", "first");
        Assert.Equal(("DELETED", "first"), await NextAsync());
        var stopwatch = Stopwatch.StartNew();
        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(6)));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_replays_only_later_changes()
    {
        _cluster.Apply(Manifests.ConfigMap("before"));
        var (_, list) = await _http.GetAsync("/api/v1/namespaces/default/configmaps");
        var version = list["metadata"]!["resourceVersion"]!.GetValue<string>();
        _cluster.Apply(Manifests.ConfigMap("after"));
        using var response = await _http.Client.GetAsync($"/api/v1/namespaces/default/configmaps?watch=1&resourceVersion={version}&timeoutSeconds=1",
            HttpCompletionOption.ResponseHeadersRead);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var evt = Assert.Single(lines);
        Assert.Equal("after", JsonNode.Parse(evt)!["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_thousand_pods_list_well_under_100_ms()
    {
        _cluster.Apply(Manifests.Deployment("big", 1000));
        await _cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=big") == 1000, TimeSpan.FromSeconds(30), "1000 ready pods");
        await _http.GetAsync("/api/v1/namespaces/default/pods");
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await _http.Client.GetAsync("/api/v1/namespaces/default/pods");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            stopwatch.Stop();
            Assert.True(bytes.Length > 1_000_000);
            if (stopwatch.Elapsed < best) best = stopwatch.Elapsed;
        }
        Assert.True(best < TimeSpan.FromMilliseconds(100), $"listing 1000 pods took {best.TotalMilliseconds} ms");
        var (_, page) = await _http.GetAsync("/api/v1/pods?limit=500&labelSelector=app%3Dbig");
        Assert.Equal(500, page["items"]!.AsArray().Count);
        Assert.Equal(500, page["metadata"]!["remainingItemCount"]!.GetValue<int>());
    }
}
