using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Web;
using Amazon.Runtime;

namespace OpsModule.Tests.Faults;

/// <summary>
/// Gives the S3 SDK an HttpClient that can answer chosen requests itself, as a failing S3 would (a 500 on one part, a 403
/// AccessDenied), and records "METHOD pathAndQuery -> status" of every request, faked or passed through to the real server.
/// </summary>
internal sealed class S3FaultHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Returns the response to send instead of asking the server, or null to pass the request through.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Fault { get; set; }

    /// <summary>For a passed-through request, the number of body bytes after which its download breaks off (null: whole body).</summary>
    public Func<HttpRequestMessage, long?>? CutBodyAfter { get; set; }

    /// <summary>
    /// For a passed-through request, the response to hand the SDK instead of the server's (null: the server's), e.g. a 500
    /// for a request the server carried out: the "it may have happened" case.
    /// </summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? LoseResponse { get; set; }

    /// <summary>Called after each request got its answer (faked or real).</summary>
    public Action<HttpRequestMessage, HttpResponseMessage>? Answered { get; set; }

    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>An S3 error response with the XML body real S3 sends.</summary>
    public static HttpResponseMessage S3Error(HttpStatusCode status, string code, string message) => new(status)
    {
        Content = new StringContent(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>FAULT0001</RequestId><HostId>fault</HostId></Error>",
            Encoding.UTF8, "application/xml"),
    };

    /// <summary>True for UploadPart (PUT ?partNumber=n&amp;uploadId=…) with this part number.</summary>
    public static bool IsUploadPart(HttpRequestMessage request, int partNumber) =>
        request.Method == HttpMethod.Put
        && HttpUtility.ParseQueryString(request.RequestUri?.Query ?? string.Empty)["partNumber"] == partNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>True for AbortMultipartUpload (DELETE ?uploadId=…).</summary>
    public static bool IsAbort(string recorded) =>
        recorded.StartsWith("DELETE ", StringComparison.Ordinal) && recorded.Contains("uploadId=", StringComparison.Ordinal);

    /// <summary>True for CompleteMultipartUpload (POST ?uploadId=…).</summary>
    public static bool IsComplete(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && Query(request).Contains("uploadId=", StringComparison.Ordinal);

    public static bool IsList(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && Query(request).Contains("list-type=2", StringComparison.Ordinal);

    public static bool IsPutOf(HttpRequestMessage request, string fileName) =>
        request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.EndsWith("/" + fileName, StringComparison.Ordinal);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new FaultHandler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private static string Query(HttpRequestMessage request) => request.RequestUri?.Query ?? string.Empty;

    private static async Task<HttpContent> CutAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var cut = new StreamContent(new BreakingReadStream(await content.ReadAsStreamAsync(cancellationToken), limit));
        foreach (var header in content.Headers)
        {
            cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return cut;
    }

    private sealed class FaultHandler(S3FaultHttpClientFactory owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = owner.Fault?.Invoke(request);
            if (response is not null)
            {
                response.RequestMessage = request;
            }
            else
            {
                response = await base.SendAsync(request, cancellationToken);
                if (owner.LoseResponse?.Invoke(request) is { } replacement)
                {
                    response.Dispose();
                    replacement.RequestMessage = request;
                    response = replacement;
                }
                else if (owner.CutBodyAfter?.Invoke(request) is { } limit)
                {
                    response.Content = await CutAsync(response.Content, limit, cancellationToken);
                }
            }

            owner._requests.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery} -> {(int)response.StatusCode}");
            owner.Answered?.Invoke(request, response);
            return response;
        }
    }
}
