using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsModule.Tests.TestClusterFidelity;

/// <summary>A plain HttpClient talking to a test cluster (deliberately not our Core client).</summary>
internal sealed class ClusterHttp : IDisposable
{
    private readonly HttpClient _client;

    public ClusterHttp(OpsModule.TestCluster.TestCluster cluster, string? token = null, X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (cluster.CaCertificatePem is { } caPem)
        {
            var ca = X509Certificate2.CreateFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
            if (clientCertificate is not null) handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
        }
        _client = new HttpClient(handler) { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Client => _client;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        if (request.Content?.Headers.ContentType is { } header) header.CharSet = null;
        return _client.SendAsync(request);
    }

    public async Task<(HttpStatusCode Code, JsonObject Body)> JsonAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var response = await SendAsync(method, path, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"not a JSON object: {text}"));
    }

    public Task<(HttpStatusCode Code, JsonObject Body)> GetAsync(string path) => JsonAsync(HttpMethod.Get, path);

    public void Dispose() => _client.Dispose();
}
