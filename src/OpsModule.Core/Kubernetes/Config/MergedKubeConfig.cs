using k8s.KubeConfigModels;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// Several kubeconfig files merged the way clientcmd does: the first file to define a cluster, user or context
/// name wins, and the first non-empty current-context wins. KubernetesClient's own merge resolves relative paths
/// against the first file only and lets later files override, so the merge stays ours; the entries are its models.
/// </summary>
internal sealed class MergedKubeConfig
{
    public Dictionary<string, (ClusterEndpoint Endpoint, ClusterExtras Extras)> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (UserCredentials Credentials, UserExtras Extras)> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ContextDetails> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; private set; }

    /// <summary>The files merged, in order; used in messages.</summary>
    public List<string> Sources { get; } = [];

    public string SourcesDescription => Sources.Count == 0 ? "the kubeconfig" : string.Join(", ", Sources);

    public void Add(KubeConfigFile file)
    {
        Sources.Add(file.Source);
        foreach (var entry in file.Model.Clusters ?? [])
        {
            if (!string.IsNullOrEmpty(entry?.Name) && entry.ClusterEndpoint is not null)
            {
                Clusters.TryAdd(entry.Name, (entry.ClusterEndpoint, file.Extras.ClusterNamed(entry.Name)));
            }
        }

        foreach (var entry in file.Model.Users ?? [])
        {
            if (!string.IsNullOrEmpty(entry?.Name))
            {
                Users.TryAdd(entry.Name, (entry.UserCredentials ?? new UserCredentials(), file.Extras.UserNamed(entry.Name)));
            }
        }

        foreach (var entry in file.Model.Contexts ?? [])
        {
            if (!string.IsNullOrEmpty(entry?.Name) && entry.ContextDetails is not null)
            {
                Contexts.TryAdd(entry.Name, entry.ContextDetails);
            }
        }

        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(file.Model.CurrentContext))
        {
            CurrentContext = file.Model.CurrentContext;
        }
    }
}
