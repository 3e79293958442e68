using System.Collections.Concurrent;
using Amazon.Runtime;

namespace OpsModule.Tests.Storage;

/// <summary>Gives the S3 SDK an HttpClient that records "METHOD pathAndQuery → status" of every request.</summary>
internal sealed class RecordingHttpClientFactory : HttpClientFactory
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new RecordingHandler(Requests) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class RecordingHandler(ConcurrentQueue<string> requests) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            requests.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}");
            return response;
        }
    }
}
