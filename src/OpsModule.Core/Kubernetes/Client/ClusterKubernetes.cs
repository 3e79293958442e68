using k8s;

namespace OpsModule.Core.Kubernetes.Client;

/// <summary>
/// KubernetesClient's <see cref="k8s.Kubernetes"/> sending through our handler chain: retries, then authentication
/// (tokens, token files, exec plugins), SNI, and TLS trusting only the kubeconfig's CA. WebSocket exec goes through the
/// same chain, offering <c>v5.channel.k8s.io</c> then <c>v4.channel.k8s.io</c>.
/// </summary>
internal sealed class ClusterKubernetes : k8s.Kubernetes
{
    public ClusterKubernetes(Uri server, HttpMessageHandler handler, KubernetesClientOptions options)
        : base(new KubernetesClientConfiguration { Host = server.AbsoluteUri })
    {
        var chain = new RetryHandler(options, handler);
        HttpClient = new HttpClient(chain, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        HttpClient.DefaultRequestHeaders.UserAgent.ParseAdd(
            $"OpsModule/{typeof(ClusterKubernetes).Assembly.GetName().Version?.ToString(3)}");
        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        CreateWebSocketBuilder = () => new Exec.ExecWebSocketBuilder(Invoker);
    }

    /// <summary>The chain without retries: a WebSocket upgrade is sent once.</summary>
    public HttpMessageInvoker Invoker { get; }
}
