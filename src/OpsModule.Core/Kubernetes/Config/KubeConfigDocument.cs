using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>One kubeconfig file as written on disk (kind: Config, apiVersion: v1). Unknown fields are ignored.</summary>
internal sealed class KubeConfigDocument
{
    [YamlMember(Alias = "clusters")]
    public List<KubeConfigNamedCluster>? Clusters { get; set; }

    [YamlMember(Alias = "users")]
    public List<KubeConfigNamedUser>? Users { get; set; }

    [YamlMember(Alias = "contexts")]
    public List<KubeConfigNamedContext>? Contexts { get; set; }

    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }
}
