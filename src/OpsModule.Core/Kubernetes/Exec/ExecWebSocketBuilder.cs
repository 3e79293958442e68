using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace OpsModule.Core.Kubernetes.Exec;

/// <summary>
/// Connects KubernetesClient's exec WebSocket through our handler chain (the kubeconfig's TLS trust, SNI and credentials)
/// and offers <c>v5.channel.k8s.io</c> first, then <c>v4.channel.k8s.io</c>, in one handshake.
/// </summary>
internal sealed class ExecWebSocketBuilder : WebSocketBuilder
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _invoker;

    public ExecWebSocketBuilder(HttpMessageInvoker invoker)
    {
        _invoker = invoker;
        Options.KeepAliveInterval = KeepAliveInterval;
        Options.CollectHttpResponseDetails = true;
    }

    /// <summary>Client certificates travel in the handler chain; a WebSocket connected through an invoker may not carry its own.</summary>
    public override WebSocketBuilder AddClientCertificate(X509Certificate2 certificate) => this;

    public override async Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        // KubernetesClient adds the protocol it was given (v5); v4 is the fallback for API servers before 1.30.
        Options.AddSubProtocol(ExecProtocol.V4);
        try
        {
            await WebSocket.ConnectAsync(uri, _invoker, cancellationToken);
            return WebSocket;
        }
        catch (WebSocketException) when (WebSocket.HttpStatusCode is not 0 and not HttpStatusCode.SwitchingProtocols)
        {
            // The handshake was refused; ask again without the upgrade to read the API server's Status (reason, message).
            throw await ExecRefusal.ReadAsync(_invoker, uri, cancellationToken);
        }
    }
}
