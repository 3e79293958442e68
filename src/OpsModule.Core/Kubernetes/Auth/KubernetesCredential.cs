using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>What one request presents: an Authorization header and/or a TLS client certificate. Never printed.</summary>
internal sealed class KubernetesCredential
{
    public KubernetesCredential(
        AuthenticationHeaderValue? authorization, X509Certificate2? clientCertificate = null, DateTimeOffset? expiresAt = null)
    {
        Authorization = authorization;
        ClientCertificate = clientCertificate;
        ExpiresAt = expiresAt;
    }

    public AuthenticationHeaderValue? Authorization { get; }

    public X509Certificate2? ClientCertificate { get; }

    /// <summary>When the credential stops being valid; null means "for the life of the process".</summary>
    public DateTimeOffset? ExpiresAt { get; }

    public static KubernetesCredential Bearer(string token, DateTimeOffset? expiresAt = null) =>
        new(new AuthenticationHeaderValue("Bearer", token), expiresAt: expiresAt);

    public static KubernetesCredential Basic(string username, string password) =>
        new(new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:{password}"))));

    /// <summary>Same header and same certificate: retrying with it would change nothing.</summary>
    public bool IsEquivalentTo(KubernetesCredential other) =>
        Authorization?.Scheme == other.Authorization?.Scheme
        && Authorization?.Parameter == other.Authorization?.Parameter
        && ClientCertificate?.Thumbprint == other.ClientCertificate?.Thumbprint;

    public override string ToString() =>
        $"credential ({Authorization?.Scheme ?? "no header"}{(ClientCertificate is null ? string.Empty : ", client certificate")}, value hidden)";
}
