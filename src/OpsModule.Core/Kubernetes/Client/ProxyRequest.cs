using System.Diagnostics;
using k8s.Autorest;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// One GET through the API server's service or pod proxy (<c>…/services/{name}:{port}/proxy/{path}</c>). Never retried: the
/// answer is the application's. A failure status is an answer too; only a missing answer is an exception.
/// </summary>
internal sealed class ProxyRequest(ClusterKubernetes kubernetes, ProxyTarget target, string @namespace, string name, string? port, string path)
{
    private string NameAndPort => string.IsNullOrEmpty(port) ? name : $"{name}:{port}";

    private string RequestPath =>
        $"/api/v1/namespaces/{@namespace}/{(target == ProxyTarget.Service ? "services" : "pods")}/{NameAndPort}/proxy/{path.TrimStart('/')}";

    public async Task<ProxyResponse> GetAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await SendAsync(timeoutSource.Token);
            using var reader = new StreamReader(response.Body);
            var body = await reader.ReadToEndAsync(timeoutSource.Token);
            return new ProxyResponse(response.Response.StatusCode, body, stopwatch.Elapsed, IsApiServerError: false);
        }
        catch (HttpOperationException e)
        {
            var body = e.Response.Content ?? string.Empty;
            var fromApiServer = ApiCall.TryReadStatus(body, out _, out _);
            return new ProxyResponse(e.Response.StatusCode, body, stopwatch.Elapsed, fromApiServer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubernetesApiException(
                $"GET {RequestPath} through the API server proxy did not answer within {timeout.TotalSeconds:0.#} s.",
                method: "GET", requestPath: RequestPath, innerException: new TimeoutException());
        }
        catch (HttpRequestException e)
        {
            throw ApiCall.ConnectionFailure(kubernetes.BaseUri, "GET", RequestPath, e);
        }
    }

    private Task<HttpOperationResponse<Stream>> SendAsync(CancellationToken cancellationToken) =>
        target == ProxyTarget.Service
            ? kubernetes.CoreV1.ConnectGetNamespacedServiceProxyWithPathWithHttpMessagesAsync(
                NameAndPort, @namespace, path.TrimStart('/'), cancellationToken: cancellationToken)
            : kubernetes.CoreV1.ConnectGetNamespacedPodProxyWithPathWithHttpMessagesAsync(
                NameAndPort, @namespace, path.TrimStart('/'), cancellationToken: cancellationToken);
}
