namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// A resolved connection to one cluster: where it is, how to trust it, how to authenticate.
/// Built from a kubeconfig (KUBECONFIG merge, ~/.kube/config, or an explicit file) or from the in-cluster service account.
/// </summary>
public sealed class KubernetesClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>Default namespace from the context (or the service account's namespace in-cluster); "default" when none.</summary>
    public string Namespace { get; init; } = "default";

    public string? ContextName { get; init; }

    public string? ClusterName { get; init; }

    public string? UserName { get; init; }

    /// <summary>
    /// Loads the configuration the way kubectl does: an explicit path, else KUBECONFIG (merged first-wins),
    /// else ~/.kube/config, else the in-cluster service account. <paramref name="context"/> overrides current-context.
    /// </summary>
    public static KubernetesClientConfiguration Load(string? kubeConfigPath = null, string? context = null)
        => throw new NotImplementedException();

    /// <summary>
    /// The HTTP handler for this cluster: TLS trust (the kubeconfig CA as the only root, or skip-verify), tls-server-name,
    /// client certificate, and an authentication layer that sets the Authorization header per request.
    /// Used for REST calls and, through HttpMessageInvoker, for WebSocket exec.
    /// </summary>
    public HttpMessageHandler CreateHandler() => throw new NotImplementedException();
}
