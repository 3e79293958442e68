using System.Net;

namespace OpsModule.Core.Kubernetes;

/// <summary>
/// What an HTTP request through the API server's service or pod proxy got back. A non-2xx answer is a result, not an exception:
/// a health probe wants to know that /health said 503.
/// </summary>
/// <param name="IsApiServerError">True when the API server itself answered with a Status (e.g. no endpoints), not the workload.</param>
public sealed record ProxyResponse(HttpStatusCode StatusCode, string Body, TimeSpan Latency, bool IsApiServerError)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;
}
