using OpsModule.Core.Kubernetes;
using OpsModule.TestCluster;

namespace OpsModule.Tests.Kubernetes;

/// <summary>
/// Like kubectl, the client asks a TLS API server for HTTP/2, so a health run's parallel lists and probes share one
/// connection and one TLS handshake instead of one each; a plain-http server keeps HTTP/1.1.
/// </summary>
public sealed class HttpProtocolTests
{
    [Fact]
    public async Task Over_TLS_parallel_requests_go_as_HTTP2_over_one_connection()
    {
        await using var bed = await ClientTestBed.StartAsync(new TestClusterOptions { Https = true, RequiredToken = "t0ken-for-h2" }, token: "t0ken-for-h2");
        bed.Cluster.ClearRequestLog();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => bed.Client.ListAsync(ResourceTypes.ConfigMaps, "default", null, CancellationToken.None)));

        var transports = bed.Cluster.Transports;
        Assert.Equal(24, transports.Count);
        Assert.All(transports, t => Assert.Equal("HTTP/2", t.Protocol));
        Assert.Single(transports.Select(t => t.ConnectionId).Distinct());
    }

    [Fact]
    public async Task Over_plain_http_requests_stay_HTTP1()
    {
        await using var bed = await ClientTestBed.StartAsync();

        await bed.Client.ListAsync(ResourceTypes.ConfigMaps, "default", null, CancellationToken.None);

        Assert.All(bed.Cluster.Transports, t => Assert.Equal("HTTP/1.1", t.Protocol));
    }
}
