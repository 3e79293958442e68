using System.Net;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>
/// Sets Authorization (and, for exec plugins, picks the client certificate) on every request. On 401 with a refreshable
/// credential it drops the cached credential, fetches a new one and retries once, if the request body can be replayed.
/// A request that already carries an Authorization header is left alone.
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    private readonly ICredentialProvider _provider;

    public AuthenticationHandler(ICredentialProvider provider, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        _provider = provider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var credential = await _provider.GetCredentialAsync(cancellationToken);
        Apply(request, credential);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !_provider.CanRefresh)
        {
            return response;
        }

        _provider.Invalidate(credential);
        var fresh = await _provider.GetCredentialAsync(cancellationToken);
        if (fresh.IsEquivalentTo(credential) || !CanReplay(request))
        {
            return response; // The next request will use the fresh credential.
        }

        response.Dispose();
        Apply(request, fresh);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _provider is IDisposable disposable)
        {
            disposable.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void Apply(HttpRequestMessage request, KubernetesCredential credential)
    {
        request.Headers.Authorization = credential.Authorization;
        request.Options.Set(ClientCertificateRoutingHandler.CertificateOption, credential.ClientCertificate);
    }

    /// <summary>Only bodies held in memory can be sent twice.</summary>
    private static bool CanReplay(HttpRequestMessage request) => request.Content is null or ByteArrayContent;
}
