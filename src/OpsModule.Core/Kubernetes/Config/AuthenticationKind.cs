namespace OpsModule.Core.Kubernetes.Config;

/// <summary>How requests to the cluster authenticate (for display and diagnostics; the credential itself is never exposed).</summary>
public enum AuthenticationKind
{
    /// <summary>No credential (anonymous) — or only a client certificate, see <see cref="ClientCertificate"/>.</summary>
    None,

    /// <summary>A static bearer token from the kubeconfig.</summary>
    Token,

    /// <summary>A bearer token read from a file and re-read when the file changes (tokenFile, in-cluster service account).</summary>
    TokenFile,

    /// <summary>HTTP basic authentication (username/password).</summary>
    Basic,

    /// <summary>A client certificate and key presented during the TLS handshake.</summary>
    ClientCertificate,

    /// <summary>An exec credential plugin (kubelogin, aws eks get-token, gke-gcloud-auth-plugin, ...).</summary>
    Exec,
}
