namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>A token or username/password written in the kubeconfig: nothing to refresh.</summary>
internal sealed class StaticCredentialProvider(KubernetesCredential credential) : ICredentialProvider
{
    public bool CanRefresh => false;

    public ValueTask<KubernetesCredential> GetCredentialAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credential);

    public void Invalidate(KubernetesCredential rejected)
    {
    }
}
