namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Makes SocketsHttpHandler send the cluster's tls-server-name as SNI. SocketsHttpHandler ignores SslOptions.TargetHost
/// and takes the SNI name from the request's Host header (else the URL host), so the Host header is set to the
/// tls-server-name. The API server does not route on Host, and a front proxy routing on SNI expects the same name.
/// </summary>
internal sealed class TlsServerNameHandler : DelegatingHandler
{
    private readonly string _serverName;

    public TlsServerNameHandler(string serverName, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _serverName = serverName;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // ClientWebSocket sends its upgrade request with the wss:// URL itself.
        if (request.Headers.Host is null && request.RequestUri is { Scheme: "https" or "wss" } uri)
        {
            request.Headers.Host = uri.IsDefaultPort ? _serverName : $"{_serverName}:{uri.Port}";
        }

        return base.SendAsync(request, cancellationToken);
    }
}
