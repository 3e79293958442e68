using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Endpoints follow services atomically; the service and pod proxy reach the simulated pod handlers.</summary>
public sealed class EndpointsAndProxyTests
{
    private static async Task<TestCluster.TestCluster> StartBlueGreenAsync()
    {
        var cluster = await TestCluster.TestCluster.StartAsync(new TestClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(20) });
        cluster.Apply(Manifests.Deployment("web-blue", 2, labels: new() { ["app"] = "web", ["color"] = "blue" }));
        cluster.Apply(Manifests.Deployment("web-green", 2, labels: new() { ["app"] = "web", ["color"] = "green" }));
        cluster.Apply(Manifests.Service("web", new() { ["app"] = "web", ["color"] = "blue" }));
        await cluster.WaitUntilAsync(c => Manifests.ReadyPods(c, "default", "app=web") == 4, TimeSpan.FromSeconds(5), "4 ready pods");
        return cluster;
    }

    [Fact]
    public async Task Endpoints_never_show_an_empty_or_mixed_set_while_the_selector_flips()
    {
        await using var cluster = await StartBlueGreenAsync();
        using var http = new ClusterHttp(cluster);
        var observed = new List<string>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (_, endpoints) = await http.GetAsync("/api/v1/namespaces/default/endpoints/web");
                var names = endpoints["subsets"]?.AsArray().SelectMany(s => s!["addresses"]?.AsArray() ?? [])
                    .Select(a => a!["targetRef"]!["name"]!.GetValue<string>()).ToList() ?? [];
                var colors = names.Select(n => n.StartsWith("web-blue-", StringComparison.Ordinal) ? "blue" : "green").Distinct().ToList();
                lock (observed) observed.Add(names.Count == 2 && colors.Count == 1 ? colors[0] : $"BAD({string.Join(",", names)})");
            }
        });
        for (var flip = 0; flip < 20; flip++)
        {
            var color = flip % 2 == 0 ? "green" : "blue";
            var (code, _) = await http.JsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/web",
                "{\"spec\":{\"selector\":{\"app\":\"web\",\"color\":\"" + color + "\"}}}", "application/merge-patch+json");
            Assert.Equal(HttpStatusCode.OK, code);
            var (_, endpoints) = await http.GetAsync("/api/v1/namespaces/default/endpoints/web");
            Assert.All(endpoints["subsets"]![0]!["addresses"]!.AsArray(), a => Assert.StartsWith($"web-{color}-", a!["targetRef"]!["name"]!.GetValue<string>()));
            await Task.Delay(5);
        }
        stop.Cancel();
        await poller;
        lock (observed)
        {
            Assert.True(observed.Count > 20, $"only {observed.Count} polls");
            Assert.DoesNotContain(observed, o => o.StartsWith("BAD", StringComparison.Ordinal));
            Assert.Contains("green", observed);
        }
    }

    [Fact]
    public async Task Endpoints_list_unready_pods_as_not_ready_and_resolve_named_ports()
    {
        await using var cluster = await StartBlueGreenAsync();
        var victim = cluster.ListPods("default", "color=blue")[0]["metadata"]!["name"]!.GetValue<string>();
        cluster.SetPodBehavior("default", victim, PodFailure.NotReady);
        var endpoints = cluster.Get("v1", "Endpoints", "default", "web")!;
        var subset = endpoints["subsets"]![0]!;
        Assert.Single(subset["addresses"]!.AsArray());
        Assert.Equal(victim, subset["notReadyAddresses"]![0]!["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal("http", subset["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(8080, subset["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Fact]
    public async Task Service_proxy_round_robins_over_ready_pods_and_returns_their_answers()
    {
        await using var cluster = await StartBlueGreenAsync();
        cluster.SetHttpResponse(PodMatch.Labels("color=blue"), "/health", 200, "blue ok");
        cluster.SetHttpHandler(PodMatch.Labels("color=blue"), request => Task.FromResult(PodHttpResponse.Json(503, $$"""{"pod":"{{request.PodName}}"}""")), "/ready");
        using var http = new ClusterHttp(cluster);
        using var health = await http.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/web:http/proxy/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("blue ok", await health.Content.ReadAsStringAsync());
        var pods = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            using var ready = await http.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services/web/proxy/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            pods.Add(JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["pod"]!.GetValue<string>());
        }
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.StartsWith("web-blue-", p));
    }

    [Fact]
    public async Task Pod_proxy_honours_latency_and_a_service_without_ready_endpoints_is_503()
    {
        await using var cluster = await StartBlueGreenAsync();
        var pod = cluster.ListPods("default", "color=green")[0]["metadata"]!["name"]!.GetValue<string>();
        cluster.SetHttpResponse(PodMatch.Named("default", pod), null, 200, "slow", TimeSpan.FromMilliseconds(400));
        using var http = new ClusterHttp(cluster);
        var stopwatch = Stopwatch.StartNew();
        using var slow = await http.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods/{pod}:8080/proxy/startup");
        Assert.Equal("slow", await slow.Content.ReadAsStringAsync());
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {stopwatch.ElapsedMilliseconds} ms");

        cluster.Apply(Manifests.Service("empty", new() { ["app"] = "nothing" }));
        var (code, status) = await http.GetAsync("/api/v1/namespaces/default/services/empty/proxy/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("no endpoints available for service \"empty\"", status["message"]!.GetValue<string>());
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
    }
}
