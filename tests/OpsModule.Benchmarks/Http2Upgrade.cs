using System.Net;

namespace OpsModule.Benchmarks;

/// <summary>
/// What-if aid: asks for HTTP/2 on every request (falling back to 1.1), so all lists and probes share one TLS connection —
/// what <c>HttpClient.DefaultRequestVersion = 2.0</c> in KubernetesApiClient would do, tried without touching src/.
/// </summary>
internal sealed class Http2Upgrade(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The protocol version the server answered with last (proves HTTP/2 was negotiated, not silently 1.1).</summary>
    public static Version? LastResponseVersion { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        var response = await base.SendAsync(request, cancellationToken);
        LastResponseVersion = response.Version;
        return response;
    }
}
