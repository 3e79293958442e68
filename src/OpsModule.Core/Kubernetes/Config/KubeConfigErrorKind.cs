namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Why a kubeconfig could not be used; stable, so callers can map it to an error id.</summary>
public enum KubeConfigErrorKind
{
    /// <summary>No kubeconfig file (explicit path missing, nothing in KUBECONFIG or ~/.kube/config) and not in a cluster.</summary>
    NotFound,

    /// <summary>The requested context, or the cluster/user it names, is not defined; or there is no current-context.</summary>
    ContextNotFound,

    /// <summary>The file or an entry is malformed (bad YAML, bad base64, unreadable certificate, missing server, ...).</summary>
    Invalid,

    /// <summary>The entry uses something this client does not support (auth-provider, unknown exec apiVersion, ...).</summary>
    Unsupported,

    /// <summary>In-cluster configuration was requested but the service account or service environment is missing.</summary>
    InClusterUnavailable,
}
