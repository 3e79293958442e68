namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Several kubeconfig files merged the way clientcmd does: the first file to define a cluster, user or context
/// name wins, and the first non-empty current-context wins.
/// </summary>
internal sealed class MergedKubeConfig
{
    public Dictionary<string, KubeConfigCluster> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigUser> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigContext> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; private set; }

    /// <summary>The files merged, in order; used in messages.</summary>
    public List<string> Sources { get; } = [];

    public string SourcesDescription => Sources.Count == 0 ? "the kubeconfig" : string.Join(", ", Sources);

    public void Add(KubeConfigDocument document, string source)
    {
        Sources.Add(source);
        foreach (var entry in document.Clusters ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name) && entry.Cluster is not null)
            {
                Clusters.TryAdd(entry.Name, entry.Cluster);
            }
        }

        foreach (var entry in document.Users ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name))
            {
                Users.TryAdd(entry.Name, entry.User ?? new KubeConfigUser());
            }
        }

        foreach (var entry in document.Contexts ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name) && entry.Context is not null)
            {
                Contexts.TryAdd(entry.Name, entry.Context);
            }
        }

        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
        }
    }
}
