using YamlDotNet.Serialization;

namespace OpsModule.Core.Kubernetes.Config;

/// <summary>
/// The kubeconfig fields that KubernetesClient's model (<c>k8s.KubeConfigModels</c>) does not read but kubectl users rely on:
/// a cluster's <c>proxy-url</c> and <c>disable-compression</c>, a user's <c>tokenFile</c> and an exec plugin's
/// <c>interactiveMode</c>. Read from the same text, next to the library's model, and looked up by entry name.
/// </summary>
internal sealed class KubeConfigExtras
{
    [YamlMember(Alias = "clusters")]
    public List<NamedClusterExtras>? Clusters { get; set; }

    [YamlMember(Alias = "users")]
    public List<NamedUserExtras>? Users { get; set; }

    /// <summary>The first entry of that name in this file, as the merge keeps the first too; empty when there is none.</summary>
    public ClusterExtras ClusterNamed(string name) =>
        Clusters?.FirstOrDefault(c => c.Name == name)?.Cluster ?? new ClusterExtras();

    /// <inheritdoc cref="ClusterNamed"/>
    public UserExtras UserNamed(string name) =>
        Users?.FirstOrDefault(u => u.Name == name)?.User ?? new UserExtras();
}

internal sealed class NamedClusterExtras
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "cluster")]
    public ClusterExtras? Cluster { get; set; }
}

internal sealed class ClusterExtras
{
    [YamlMember(Alias = "proxy-url")]
    public string? ProxyUrl { get; set; }

    [YamlMember(Alias = "disable-compression")]
    public bool? DisableCompression { get; set; }
}

internal sealed class NamedUserExtras
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "user")]
    public UserExtras? User { get; set; }
}

internal sealed class UserExtras
{
    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    [YamlMember(Alias = "exec")]
    public ExecExtras? Exec { get; set; }

    public override string ToString() => "UserExtras (paths hidden)";
}

internal sealed class ExecExtras
{
    [YamlMember(Alias = "interactiveMode")]
    public string? InteractiveMode { get; set; }
}
