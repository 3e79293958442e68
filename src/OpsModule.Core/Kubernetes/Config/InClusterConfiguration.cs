using System.Net.Sockets;
using System.Net;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>The pod's service account, the way client-go's rest.InClusterConfig reads it.</summary>
internal static class InClusterConfiguration
{
    public static bool IsAvailable(KubeConfigEnvironment environment) =>
        !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_PORT"))
        && File.Exists(Path.Combine(environment.ServiceAccountDirectory, "token"));

    public static KubernetesClientConfiguration Create(KubeConfigEnvironment environment)
    {
        var host = environment.GetVariable("KUBERNETES_SERVICE_HOST");
        var port = environment.GetVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.InClusterUnavailable,
                "cannot use the in-cluster configuration: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set (they are, inside a pod); outside a cluster set KUBECONFIG or pass -KubeConfig.");
        }

        var directory = environment.ServiceAccountDirectory;
        var tokenPath = Path.Combine(directory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.InClusterUnavailable,
                $"cannot use the in-cluster configuration: the service account token '{tokenPath}' does not exist (is automountServiceAccountToken false?).");
        }

        var caPath = Path.Combine(directory, "ca.crt");
        var namespacePath = Path.Combine(directory, "namespace");
        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : string.Empty;

        // IPv6 service addresses need brackets in a URL.
        var hostPart = IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{host}]"
            : host;
        if (!Uri.TryCreate($"https://{hostPart}:{port}", UriKind.Absolute, out var server))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.InClusterUnavailable,
                "cannot use the in-cluster configuration: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT do not form a valid URL.");
        }

        return new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(ns) ? "default" : ns,
            IsInCluster = true,
            CertificateAuthorityPem = KubeConfigData.ReadDataOrFile(null, File.Exists(caPath) ? caPath : null, "the in-cluster service account", "ca.crt"),
            TokenFile = tokenPath,
        };
    }
}
