namespace OpsModule.Core.Kubernetes.Models;

/// <summary>
/// The read model every typed resource shares. Typed models carry only the fields the module reads;
/// writes that must preserve unknown fields go through patches or the generic JSON API.
/// </summary>
public abstract class KubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();

    public string Name => Metadata.Name ?? string.Empty;

    public string? Namespace => Metadata.Namespace;
}

public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public DateTimeOffset? CreationTimestamp { get; set; }

    public DateTimeOffset? DeletionTimestamp { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }
}

public sealed class OwnerReference
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Uid { get; set; }

    public bool? Controller { get; set; }
}

public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}

/// <summary>One page of a list response.</summary>
public sealed class KubernetesList<T>
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ListMeta Metadata { get; set; } = new();

    public List<T> Items { get; set; } = [];
}

/// <summary>A condition as found on pods, nodes, deployments, HPAs, jobs and most other status blocks.</summary>
public sealed class Condition
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public DateTimeOffset? LastUpdateTime { get; set; }

    public DateTimeOffset? LastHeartbeatTime { get; set; }

    public DateTimeOffset? LastProbeTime { get; set; }

    public bool IsTrue => string.Equals(Status, "True", StringComparison.OrdinalIgnoreCase);
}

public sealed class LabelSelectorSpec
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}

public sealed class LabelSelectorRequirement
{
    public string Key { get; set; } = string.Empty;

    public string Operator { get; set; } = string.Empty;

    public List<string>? Values { get; set; }
}

public sealed class ObjectReference
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string? Name { get; set; }

    public string? Uid { get; set; }

    public string? FieldPath { get; set; }
}

public sealed class LoadBalancerStatus
{
    public List<LoadBalancerIngress>? Ingress { get; set; }
}

public sealed class LoadBalancerIngress
{
    public string? Ip { get; set; }

    public string? Hostname { get; set; }
}
