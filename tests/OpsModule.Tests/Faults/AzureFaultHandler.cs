using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;
using Azure.Core.Pipeline;
using OpsModule.Core.Storage.AzureBlob;

namespace OpsModule.Tests.Faults;

/// <summary>
/// An HTTP handler under the Azure SDK's pipeline (<see cref="AzureBlobStoreOptions"/>' transport) that can answer chosen
/// requests itself, as a failing storage account would (a 500 on one block), and records "METHOD pathAndQuery -> status" of every
/// request, faked or passed through to Azurite.
/// </summary>
internal sealed class AzureFaultHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Returns the response to send instead of asking the server, or null to pass the request through.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>Called after each request got its answer (faked or real).</summary>
    public Action<HttpRequestMessage, HttpResponseMessage>? Answered { get; set; }

    public IReadOnlyList<string> Requests => [.. _requests];

    public HttpPipelineTransport Transport => new HttpClientTransport(new HttpClient(this));

    /// <summary>An error response with the headers and XML body the blob service sends.</summary>
    public static HttpResponseMessage AzureError(HttpStatusCode status, string code, string message)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", Encoding.UTF8, "application/xml"),
        };
        response.Headers.Add("x-ms-error-code", code);
        response.Headers.Add("x-ms-request-id", Guid.NewGuid().ToString());
        return response;
    }

    public static bool IsStageBlock(HttpRequestMessage request, int number) =>
        request.Method == HttpMethod.Put && Query(request, "comp") == "block" && Query(request, "blockid") == AzureBlockSizing.BlockId(number);

    public static bool IsStageBlock(string recorded) => recorded.StartsWith("PUT ", StringComparison.Ordinal) && recorded.Contains("comp=block&", StringComparison.Ordinal);

    public static bool IsCommit(string recorded) => recorded.StartsWith("PUT ", StringComparison.Ordinal) && recorded.Contains("comp=blocklist", StringComparison.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = Fault?.Invoke(request) ?? await base.SendAsync(request, cancellationToken);
        _requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery} -> {(int)response.StatusCode}");
        Answered?.Invoke(request, response);
        return response;
    }

    private static string? Query(HttpRequestMessage request, string name) => HttpUtility.ParseQueryString(request.RequestUri!.Query)[name];
}
