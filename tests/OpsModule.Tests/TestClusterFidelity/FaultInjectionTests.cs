using System.Diagnostics;
using System.Net;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>Injected 500s, 429s with Retry-After, connection resets, latency.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private TestCluster.TestCluster _cluster = null!;
    private ClusterHttp _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.TestCluster.StartAsync();
        _http = new ClusterHttp(_cluster);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Next_requests_fail_with_500_then_recover()
    {
        _cluster.Faults.FailNext(2);
        var (first, body) = await _http.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.InternalServerError, first);
        Assert.Equal("InternalError", body["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.InternalServerError, (await _http.GetAsync("/api/v1/namespaces")).Code);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/namespaces")).Code);
        Assert.Equal(2, _cluster.Faults.Fired);
        Assert.Equal(0, _cluster.Faults.Pending);
    }

    [Fact]
    public async Task Throttling_returns_429_with_Retry_After_only_for_matching_requests()
    {
        _cluster.Faults.ThrottleNext(1, retryAfterSeconds: 3, when: r => r.Path.Contains("/pods", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/namespaces")).Code);
        using var throttled = await _http.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/namespaces/default/pods")).Code);
    }

    [Fact]
    public async Task Connection_reset_surfaces_as_a_transport_error()
    {
        _cluster.Faults.ResetNext(1);
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.SendAsync(HttpMethod.Get, "/api/v1/namespaces"));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/namespaces")).Code);
    }

    [Fact]
    public async Task Latency_delays_matching_requests()
    {
        _cluster.Faults.AddLatency(TimeSpan.FromMilliseconds(300), r => r.Path.EndsWith("/configmaps", StringComparison.Ordinal));
        var stopwatch = Stopwatch.StartNew();
        await _http.GetAsync("/api/v1/namespaces");
        var fast = stopwatch.Elapsed;
        stopwatch.Restart();
        await _http.GetAsync("/api/v1/namespaces/default/configmaps");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"slow request took {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(fast < TimeSpan.FromMilliseconds(290), $"fast request took {fast.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Forbidden_verbs_get_403_and_the_request_log_records_everything()
    {
        _cluster.ClearRequestLog();
        _cluster.Faults.Forbid("delete", "pods");
        _cluster.Apply("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a","image":"a:1"}]}}""");
        var (code, body) = await _http.JsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/p");
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains("cannot delete resource \"pods\"", body["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/v1/namespaces/default/pods/p")).Code);
        Assert.Equal(["DELETE /api/v1/namespaces/default/pods/p", "GET /api/v1/namespaces/default/pods/p"], _cluster.RequestLog);
    }
}
