using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// For exec plugins that return a client certificate: sends each request through a connection pool built for the
/// certificate the authentication handler chose, so a rotated certificate is used on new connections at once.
/// Pools for earlier certificates stay alive (for in-flight streams) until this handler is disposed.
/// </summary>
internal sealed class ClientCertificateRoutingHandler : HttpMessageHandler
{
    public static readonly HttpRequestOptionsKey<X509Certificate2?> CertificateOption = new("OpsModule.ClientCertificate");

    private readonly Func<X509Certificate2?, HttpMessageHandler> _createPool;
    private readonly object _gate = new();
    private readonly List<HttpMessageInvoker> _retired = [];
    private string? _currentThumbprint;
    private HttpMessageInvoker? _current;

    public ClientCertificateRoutingHandler(Func<X509Certificate2?, HttpMessageHandler> createPool)
    {
        _createPool = createPool;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(CertificateOption, out var certificate);
        return PoolFor(certificate).SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _current?.Dispose();
                _retired.ForEach(invoker => invoker.Dispose());
                _retired.Clear();
                _current = null;
            }
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker PoolFor(X509Certificate2? certificate)
    {
        var thumbprint = certificate?.Thumbprint;
        lock (_gate)
        {
            if (_current is null || thumbprint != _currentThumbprint)
            {
                if (_current is not null)
                {
                    _retired.Add(_current);
                }

                _current = new HttpMessageInvoker(_createPool(certificate), disposeHandler: true);
                _currentThumbprint = thumbprint;
            }

            return _current;
        }
    }
}
