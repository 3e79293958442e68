using OpsModule.Core.Kubernetes.Auth;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// A resolved connection to one cluster: where it is, how to trust it, how to authenticate.
/// Built from a kubeconfig (KUBECONFIG merge, ~/.kube/config, or an explicit file) or from the in-cluster service account.
/// Credentials are held internally and never appear in <see cref="ToString"/>. A record, so a caller can override
/// the namespace with <c>config with { Namespace = "x" }</c>.
/// </summary>
public sealed record KubernetesClientConfiguration
{
    public required Uri Server { get; init; }

    /// <summary>Default namespace from the context (or the service account's namespace in-cluster); "default" when none.</summary>
    public string Namespace { get; init; } = "default";

    public string? ContextName { get; init; }

    public string? ClusterName { get; init; }

    public string? UserName { get; init; }

    /// <summary>True when built from the pod's service account rather than a kubeconfig.</summary>
    public bool IsInCluster { get; init; }

    /// <summary>The kubeconfig files that were merged, in precedence order (empty in-cluster or for in-memory text).</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = Array.Empty<string>();

    /// <summary>The cluster's insecure-skip-tls-verify: the server certificate is not checked at all.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The cluster's tls-server-name: the name the server certificate must carry (and the SNI sent).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>True when the cluster defines its own CA (the only root trusted for it).</summary>
    public bool HasCertificateAuthority => CertificateAuthorityPem is { Length: > 0 };

    public AuthenticationKind AuthenticationKind =>
        Exec is not null ? AuthenticationKind.Exec
        : TokenFile is not null ? AuthenticationKind.TokenFile
        : Token is not null ? AuthenticationKind.Token
        : Username is not null ? AuthenticationKind.Basic
        : ClientCertificatePem is not null ? AuthenticationKind.ClientCertificate
        : AuthenticationKind.None;

    internal byte[]? CertificateAuthorityPem { get; init; }

    internal Uri? ProxyUrl { get; init; }

    internal bool DisableCompression { get; init; }

    internal string? Token { get; init; }

    internal string? TokenFile { get; init; }

    internal string? Username { get; init; }

    internal string? Password { get; init; }

    internal byte[]? ClientCertificatePem { get; init; }

    internal byte[]? ClientKeyPem { get; init; }

    internal ExecPluginSettings? Exec { get; init; }

    /// <summary>Clock for credential expiry; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long an exec plugin may run before it is killed.</summary>
    internal TimeSpan ExecTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Loads the configuration the way kubectl does: an explicit path, else KUBECONFIG (merged first-wins),
    /// else ~/.kube/config, else the in-cluster service account. <paramref name="context"/> overrides current-context.
    /// </summary>
    /// <exception cref="KubeConfigException">No usable configuration; the message says what to do.</exception>
    public static KubernetesClientConfiguration Load(string? kubeConfigPath = null, string? context = null)
        => KubeConfigLoader.Load(kubeConfigPath, context, KubeConfigEnvironment.Current);

    /// <summary>
    /// Builds the configuration from kubeconfig YAML held in memory (for example from a secret or a test).
    /// Relative paths in it resolve against <paramref name="baseDirectory"/> (the current directory when null).
    /// </summary>
    public static KubernetesClientConfiguration FromKubeConfigText(string yaml, string? context = null, string? baseDirectory = null)
        => KubeConfigLoader.FromText(yaml, context, baseDirectory);

    /// <summary>
    /// The pod's service account: KUBERNETES_SERVICE_HOST/PORT, and token, ca.crt and namespace from
    /// /var/run/secrets/kubernetes.io/serviceaccount. The token is re-read when the kubelet rotates it.
    /// </summary>
    public static KubernetesClientConfiguration InCluster() => InClusterConfiguration.Create(KubeConfigEnvironment.Current);

    /// <summary>True when the process runs in a pod with a mounted service account.</summary>
    public static bool IsInClusterAvailable() => InClusterConfiguration.IsAvailable(KubeConfigEnvironment.Current);

    /// <summary>
    /// The HTTP handler for this cluster: TLS trust (the kubeconfig CA as the only root, or skip-verify), tls-server-name,
    /// client certificate, and an authentication layer that sets the Authorization header per request.
    /// Used for REST calls and, through HttpMessageInvoker, for WebSocket exec.
    /// </summary>
    /// <exception cref="KubeConfigException">The CA or client certificate/key cannot be read.</exception>
    public HttpMessageHandler CreateHandler() => KubernetesHandlerFactory.Create(this);

    public override string ToString()
    {
        var where = IsInCluster ? "in-cluster service account" : $"context '{ContextName}' (cluster '{ClusterName}', user '{UserName}')";
        return $"{where} at {Server} [namespace {Namespace}, auth {AuthenticationKind}]";
    }
}
