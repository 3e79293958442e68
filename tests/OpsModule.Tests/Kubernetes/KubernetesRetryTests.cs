using System.Diagnostics;
using System.Net;
using OpsModule.Core.Kubernetes;
using k8s;
using k8s.Models;
using OpsModule.TestCluster;
using OpsModule.Tests.TestClusterFidelity;

namespace OpsModule.Tests.Kubernetes;

public sealed class KubernetesRetryTests
{
    private static int Requests(ClientTestBed bed, string method, string pathPart) =>
        bed.Cluster.RequestLog.Count(l => l.StartsWith(method + " ", StringComparison.Ordinal) && l.Contains(pathPart, StringComparison.Ordinal));

    [Fact]
    public async Task A_read_survives_server_errors_and_a_dropped_connection()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.ConfigMap("settings"));
        bed.Cluster.ClearRequestLog();
        bed.Cluster.Faults.FailNext(2, 500, r => r.Path.Contains("/configmaps/settings", StringComparison.Ordinal));
        bed.Cluster.Faults.ResetNext(1, r => r.Path.Contains("/configmaps/settings", StringComparison.Ordinal));

        var read = await bed.Client.GetAsync<V1ConfigMap>("default", "settings", CancellationToken.None);

        Assert.Equal("value", read.Data!["key"]);
        Assert.Equal(3, bed.Trace.Count(l => l.StartsWith("retry", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_throttled_create_waits_for_Retry_After_and_is_sent_again()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.ClearRequestLog();
        bed.Cluster.Faults.ThrottleNext(1, retryAfterSeconds: 1, r => r.Method == "POST");

        var stopwatch = Stopwatch.StartNew();
        await bed.Client.CreateAsync(ResourceTypes.ConfigMaps, "default", Manifests.ConfigMap("throttled"), CancellationToken.None);

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {stopwatch.Elapsed}");
        Assert.NotNull(bed.Cluster.Get("v1", "ConfigMap", "default", "throttled"));
        Assert.Equal(2, Requests(bed, "POST", "/configmaps"));
    }

    [Fact]
    public async Task A_create_that_hit_a_server_error_is_not_sent_twice()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.ClearRequestLog();
        bed.Cluster.Faults.FailNext(1, 500, r => r.Method == "POST");

        var error = await Assert.ThrowsAsync<KubernetesApiException>(
            () => bed.Client.CreateAsync(ResourceTypes.ConfigMaps, "default", Manifests.ConfigMap("once"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, Requests(bed, "POST", "/configmaps"));
    }

    [Fact]
    public async Task A_merge_patch_is_retried_but_a_json_patch_is_not()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Apply(Manifests.Service("web", new() { ["color"] = "blue" }));
        bed.Cluster.ClearRequestLog();
        bed.Cluster.Faults.FailNext(1, 503, r => r.Method == "PATCH");

        var patched = await bed.Client.PatchAsync<V1Service>("default", "web", PatchType.Merge,
            System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"selector":{"color":"green"}}}""")!, CancellationToken.None);
        bed.Cluster.Faults.FailNext(1, 503, r => r.Method == "PATCH");
        await Assert.ThrowsAsync<KubernetesApiException>(() => bed.Client.PatchAsync(ResourceTypes.Services, "default", "web", PatchType.JsonPatch,
            System.Text.Json.Nodes.JsonNode.Parse("""[{"op":"replace","path":"/spec/selector/color","value":"red"}]""")!, CancellationToken.None));

        Assert.Equal("green", patched.Spec.Selector!["color"]);
        Assert.Equal(3, Requests(bed, "PATCH", "/services/web"));
        Assert.Equal("green", (string?)bed.Cluster.Get("v1", "Service", "default", "web")!["spec"]!["selector"]!["color"]);
    }

    [Fact]
    public async Task Gives_up_after_the_retry_budget_with_the_last_status()
    {
        await using var bed = await ClientTestBed.StartAsync(clientOptions: new KubernetesClientOptions { MaxRetries = 2, BaseRetryDelay = TimeSpan.FromMilliseconds(10) });
        bed.Cluster.ClearRequestLog();
        bed.Cluster.Faults.FailNext(10, 503, r => r.Path.EndsWith("/pods", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => bed.Client.ListAsync<V1Pod>("default", null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, Requests(bed, "GET", "/pods"));
    }

    [Fact]
    public async Task Cancellation_stops_a_slow_request_promptly()
    {
        await using var bed = await ClientTestBed.StartAsync();
        bed.Cluster.Faults.AddLatency(TimeSpan.FromSeconds(10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.Client.ListAsync<V1Pod>("default", null, cancel.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_fails_with_a_timeout_not_a_hang()
    {
        await using var bed = await ClientTestBed.StartAsync(clientOptions: new KubernetesClientOptions
        {
            MaxRetries = 1, BaseRetryDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromMilliseconds(300),
        });
        bed.Cluster.Faults.AddLatency(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => bed.Client.GetVersionAsync(CancellationToken.None));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Contains("no answer within 0.3 s", error.Message);
    }

    [Fact]
    public async Task A_refused_token_never_appears_in_errors_or_trace()
    {
        const string secretToken = "s3cr3t-token-value-that-must-not-leak";
        await using var bed = await ClientTestBed.StartAsync(new TestClusterOptions { RequiredToken = "the-right-token" }, token: secretToken);

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => bed.Client.ListAsync<V1Pod>("default", null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("log in again", error.Message);
        Assert.DoesNotContain(secretToken, error.ToString());
        Assert.DoesNotContain(bed.Trace, l => l.Contains(secretToken, StringComparison.Ordinal));
    }
}
