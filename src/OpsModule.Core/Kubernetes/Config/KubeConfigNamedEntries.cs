using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

// The kubeconfig's "named" list wrappers: { name, cluster | user | context }.

internal sealed class KubeConfigNamedCluster
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "cluster")]
    public KubeConfigCluster? Cluster { get; set; }
}

internal sealed class KubeConfigNamedUser
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "user")]
    public KubeConfigUser? User { get; set; }
}

internal sealed class KubeConfigNamedContext
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "context")]
    public KubeConfigContext? Context { get; set; }
}
