using k8s.KubeConfigModels;
using OpsModule.Core.Kubernetes.Auth;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>Selects a context from a merged kubeconfig and validates its cluster and user the way kubectl does.</summary>
internal static class KubeConfigResolver
{
    public static KubernetesClientConfiguration Resolve(MergedKubeConfig config, string? requestedContext)
    {
        var contextName = string.IsNullOrEmpty(requestedContext) ? config.CurrentContext : requestedContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.ContextNotFound,
                config.Contexts.Count == 0
                    ? $"{config.SourcesDescription} defines no contexts; regenerate the kubeconfig for your cluster."
                    : $"no current-context is set in {config.SourcesDescription}; pass -Context with one of: {Available(config.Contexts.Keys)} (or run kubectl config use-context).");
        }

        if (!config.Contexts.TryGetValue(contextName, out var context))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.ContextNotFound,
                $"context '{contextName}' not found in {config.SourcesDescription}; available: {Available(config.Contexts.Keys)}.");
        }

        var clusterName = context.Cluster;
        if (string.IsNullOrEmpty(clusterName) || !config.Clusters.TryGetValue(clusterName, out var clusterEntry))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.ContextNotFound,
                $"context '{contextName}' refers to cluster '{clusterName}', which is not defined in {config.SourcesDescription}; available clusters: {Available(config.Clusters.Keys)}.");
        }

        var (cluster, clusterExtras) = clusterEntry;
        (UserCredentials Credentials, UserExtras Extras)? user = null;
        var userName = context.User;
        if (!string.IsNullOrEmpty(userName) && config.Users.TryGetValue(userName, out var userEntry))
        {
            user = userEntry;
        }
        else if (!string.IsNullOrEmpty(userName))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.ContextNotFound,
                $"context '{contextName}' refers to user '{userName}', which is not defined in {config.SourcesDescription}; available users: {Available(config.Users.Keys)}.");
        }

        var server = ParseServer(cluster, clusterName);
        var caPem = ReadCertificateAuthority(cluster, clusterName);
        var insecure = cluster.SkipTlsVerify;
        if (insecure && caPem is not null)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"cluster '{clusterName}' sets both insecure-skip-tls-verify and a certificate authority, which kubectl rejects too; remove one of them.");
        }

        var proxyUrl = ParseProxy(clusterExtras, clusterName);
        var configuration = new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(context.Namespace) ? "default" : context.Namespace,
            ContextName = contextName,
            ClusterName = clusterName,
            UserName = string.IsNullOrEmpty(userName) ? null : userName,
            InsecureSkipTlsVerify = insecure,
            TlsServerName = string.IsNullOrEmpty(cluster.TlsServerName) ? null : cluster.TlsServerName,
            CertificateAuthorityPem = caPem,
            ProxyUrl = proxyUrl,
            DisableCompression = clusterExtras.DisableCompression == true,
        };

        return user is not { } found ? configuration : WithUser(configuration, found.Credentials, found.Extras, userName!, cluster, clusterExtras);
    }

    private static KubernetesClientConfiguration WithUser(
        KubernetesClientConfiguration configuration,
        UserCredentials user,
        UserExtras extras,
        string userName,
        ClusterEndpoint cluster,
        ClusterExtras clusterExtras)
    {
        if (user.AuthProvider is not null)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Unsupported,
                $"the kubeconfig user '{userName}' uses auth-provider '{user.AuthProvider.Name}', which is not supported (kubectl removed it too); " +
                "switch the kubeconfig to an exec credential plugin: for AKS run 'kubelogin convert-kubeconfig -l azurecli', " +
                "for GKE install gke-gcloud-auth-plugin and re-run 'gcloud container clusters get-credentials', for OIDC use kubelogin (int128/kubelogin).");
        }

        var hasToken = !string.IsNullOrEmpty(user.Token) || !string.IsNullOrEmpty(extras.TokenFile);
        var hasBasic = !string.IsNullOrEmpty(user.UserName) || !string.IsNullOrEmpty(user.Password);
        if (hasToken && hasBasic)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"the kubeconfig user '{userName}' sets both a token and username/password; kubectl allows only one of them, remove the other.");
        }

        var (certificatePem, keyPem) = ReadClientCertificate(user, userName);
        return configuration with
        {
            Token = string.IsNullOrEmpty(user.Token) ? null : user.Token,
            // tokenFile takes precedence over token when both are set (client-go: the last value read from the file wins).
            TokenFile = string.IsNullOrEmpty(extras.TokenFile) ? null : extras.TokenFile,
            Username = hasBasic ? user.UserName ?? string.Empty : null,
            Password = hasBasic ? user.Password ?? string.Empty : null,
            ClientCertificatePem = certificatePem,
            ClientKeyPem = keyPem,
            Exec = user.ExternalExecution is null
                ? null
                : ExecSettings(user.ExternalExecution, extras.Exec?.InteractiveMode, userName, configuration, cluster, clusterExtras),
        };
    }

    private static ExecPluginSettings ExecSettings(
        ExternalExecution exec,
        string? interactiveMode,
        string userName,
        KubernetesClientConfiguration configuration,
        ClusterEndpoint cluster,
        ClusterExtras clusterExtras)
    {
        var apiVersion = exec.ApiVersion;
        if (string.IsNullOrEmpty(apiVersion))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"the kubeconfig user '{userName}' has an exec section without apiVersion; set it to {ExecPluginSettings.V1} or {ExecPluginSettings.V1Beta1}.");
        }

        if (apiVersion != ExecPluginSettings.V1 && apiVersion != ExecPluginSettings.V1Beta1)
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Unsupported,
                $"the kubeconfig user '{userName}' uses exec apiVersion '{apiVersion}', which is not supported; use {ExecPluginSettings.V1} or {ExecPluginSettings.V1Beta1} (update the plugin and regenerate the kubeconfig).");
        }

        if (string.IsNullOrWhiteSpace(exec.Command))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"the kubeconfig user '{userName}' has an exec section without a command.");
        }

        return new ExecPluginSettings
        {
            UserName = userName,
            ApiVersion = apiVersion,
            Command = exec.Command,
            Args = exec.Arguments?.Select(a => a ?? string.Empty).ToArray() ?? [],
            Env = (exec.EnvironmentVariables ?? [])
                .Select(e => (Name: e?.GetValueOrDefault("name"), Value: e?.GetValueOrDefault("value")))
                .Where(e => !string.IsNullOrEmpty(e.Name))
                .Select(e => new KeyValuePair<string, string>(e.Name!, e.Value ?? string.Empty))
                .ToArray(),
            InstallHint = string.IsNullOrWhiteSpace(exec.InstallHint) ? null : exec.InstallHint.Trim(),
            InteractiveMode = ParseInteractiveMode(interactiveMode, userName),
            ClusterInfo = exec.ProvideClusterInfo
                ? new ExecClusterInfo
                {
                    Server = cluster.Server ?? configuration.Server.ToString(),
                    TlsServerName = configuration.TlsServerName,
                    InsecureSkipTlsVerify = configuration.InsecureSkipTlsVerify,
                    CertificateAuthorityData = configuration.CertificateAuthorityPem,
                    ProxyUrl = clusterExtras.ProxyUrl,
                    DisableCompression = configuration.DisableCompression,
                }
                : null,
        };
    }

    private static ExecInteractiveMode ParseInteractiveMode(string? value, string userName)
    {
        // v1 requires the field and v1beta1 defaults it to IfAvailable; we accept a missing value for both.
        if (string.IsNullOrEmpty(value))
        {
            return ExecInteractiveMode.IfAvailable;
        }

        return Enum.TryParse<ExecInteractiveMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"the kubeconfig user '{userName}' has exec interactiveMode '{value}'; use Never, IfAvailable or Always.");
    }

    private static Uri ParseServer(ClusterEndpoint cluster, string clusterName)
    {
        var server = cluster.Server?.Trim();
        if (string.IsNullOrEmpty(server))
        {
            throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"cluster '{clusterName}' has no server URL.");
        }

        if (!server.Contains("://", StringComparison.Ordinal))
        {
            server = "https://" + server;
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                $"cluster '{clusterName}' has server '{cluster.Server}', which is not an http(s) URL.");
        }

        return uri;
    }

    private static Uri? ParseProxy(ClusterExtras cluster, string clusterName)
    {
        if (string.IsNullOrWhiteSpace(cluster.ProxyUrl))
        {
            return null;
        }

        return Uri.TryCreate(cluster.ProxyUrl, UriKind.Absolute, out var proxy)
            ? proxy
            : throw new KubeConfigException(KubeConfigErrorKind.Invalid, $"cluster '{clusterName}' has a proxy-url that is not a valid URL.");
    }

    private static byte[]? ReadCertificateAuthority(ClusterEndpoint cluster, string clusterName) =>
        KubeConfigData.ReadDataOrFile(
            cluster.CertificateAuthorityData, cluster.CertificateAuthority, $"cluster '{clusterName}'", "certificate-authority");

    private static (byte[]? Certificate, byte[]? Key) ReadClientCertificate(UserCredentials user, string userName)
    {
        var owner = $"the kubeconfig user '{userName}'";
        var certificate = KubeConfigData.ReadDataOrFile(user.ClientCertificateData, user.ClientCertificate, owner, "client-certificate");
        var key = KubeConfigData.ReadDataOrFile(user.ClientKeyData, user.ClientKey, owner, "client-key");
        if ((certificate is null) != (key is null))
        {
            throw new KubeConfigException(
                KubeConfigErrorKind.Invalid,
                certificate is null
                    ? $"{owner} has a client-key but no client-certificate; set both or neither."
                    : $"{owner} has a client-certificate but no client-key; set both or neither.");
        }

        return (certificate, key);
    }

    private static string Available(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }
}
