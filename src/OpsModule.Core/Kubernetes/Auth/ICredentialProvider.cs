namespace OpsModule.Core.Kubernetes.Auth;

/// <summary>Supplies the credential for each request; may cache and refresh it.</summary>
internal interface ICredentialProvider
{
    /// <summary>True when a 401 may be cured by fetching the credential again (token file, exec plugin).</summary>
    bool CanRefresh { get; }

    ValueTask<KubernetesCredential> GetCredentialAsync(CancellationToken cancellationToken);

    /// <summary>The server rejected <paramref name="rejected"/>: drop it from the cache if it is still the current one.</summary>
    void Invalidate(KubernetesCredential rejected);
}
