using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OpsModule.Core.Kubernetes.Auth;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Builds the handler chain: authentication → tls-server-name (SNI) → client-certificate routing (exec plugins only)
/// → SocketsHttpHandler.
/// </summary>
internal static class KubernetesHandlerFactory
{
    public static HttpMessageHandler Create(KubernetesClientConfiguration configuration)
    {
        var owner = configuration.IsInCluster ? "the in-cluster service account" : $"cluster '{configuration.ClusterName}'";
        var authorities = configuration.CertificateAuthorityPem is { Length: > 0 } ca
            ? PemCertificates.LoadAuthorities(ca, owner)
            : null;
        if (configuration.Server.Scheme == Uri.UriSchemeHttps)
        {
            SystemTrustPreloader.Start(authorities);
        }

        var validator = new ServerCertificateValidator(
            authorities,
            configuration.InsecureSkipTlsVerify,
            configuration.TlsServerName ?? configuration.Server.IdnHost.Trim('[', ']'));

        var staticCertificate = configuration.ClientCertificatePem is { } certificatePem && configuration.ClientKeyPem is { } keyPem
            ? PemCertificates.LoadClientCertificate(certificatePem, keyPem, $"the kubeconfig user '{configuration.UserName}'")
            : null;

        // Exec plugins may hand out (and rotate) client certificates; a static kubeconfig certificate takes precedence.
        HttpMessageHandler transport = configuration.Exec is not null && staticCertificate is null
            ? new ClientCertificateRoutingHandler(certificate => CreateTransport(configuration, validator, certificate))
            : CreateTransport(configuration, validator, staticCertificate);

        if (configuration.TlsServerName is { } serverName)
        {
            transport = new TlsServerNameHandler(serverName, transport);
        }

        var provider = CredentialProviderFactory.Create(configuration);
        return provider is null ? transport : new AuthenticationHandler(provider, transport);
    }

    private static SocketsHttpHandler CreateTransport(
        KubernetesClientConfiguration configuration, ServerCertificateValidator validator, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            // Re-resolve DNS and rebalance across API server replicas now and then.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Past the server's limit of concurrent HTTP/2 streams, open another connection instead of queueing.
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = configuration.DisableCompression ? DecompressionMethods.None : DecompressionMethods.GZip,
        };

        if (configuration.ProxyUrl is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }

        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = validator.Validate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { clientCertificate };
            // Always offer our certificate, whatever acceptable-issuer list the server sends.
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return handler;
    }
}
