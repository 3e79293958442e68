using OpsModule.Core.Kubernetes.Config;

namespace OpsModule.Core.Kubernetes.Auth;

internal static class CredentialProviderFactory
{
    /// <summary>The provider for the configuration's user, or null when requests carry no Authorization header.</summary>
    public static ICredentialProvider? Create(KubernetesClientConfiguration configuration)
    {
        var owner = configuration.IsInCluster ? "the in-cluster service account" : $"the kubeconfig user '{configuration.UserName}'";
        if (configuration.TokenFile is not null)
        {
            return new TokenFileCredentialProvider(configuration.TokenFile, owner, configuration.TimeProvider);
        }

        if (configuration.Token is not null)
        {
            return new StaticCredentialProvider(KubernetesCredential.Bearer(configuration.Token));
        }

        if (configuration.Username is not null)
        {
            return new StaticCredentialProvider(KubernetesCredential.Basic(configuration.Username, configuration.Password ?? string.Empty));
        }

        if (configuration.Exec is not null)
        {
            return new ExecCredentialProvider(configuration.Exec, configuration.TimeProvider, configuration.ExecTimeout);
        }

        return null;
    }
}
