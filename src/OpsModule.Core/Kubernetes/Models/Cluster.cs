namespace OpsModule.Core.Kubernetes.Models;

public sealed class Namespace : KubernetesObject
{
    public NamespaceStatus Status { get; set; } = new();
}

public sealed class NamespaceStatus
{
    public string? Phase { get; set; }
}

public sealed class Node : KubernetesObject
{
    public NodeSpec Spec { get; set; } = new();

    public NodeStatus Status { get; set; } = new();
}

public sealed class NodeSpec
{
    public bool? Unschedulable { get; set; }

    public List<Taint>? Taints { get; set; }
}

public sealed class Taint
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }
}

public sealed class NodeStatus
{
    public List<Condition>? Conditions { get; set; }

    public Dictionary<string, Quantity>? Capacity { get; set; }

    public Dictionary<string, Quantity>? Allocatable { get; set; }

    public NodeSystemInfo? NodeInfo { get; set; }
}

public sealed class NodeSystemInfo
{
    public string? KubeletVersion { get; set; }

    public string? OsImage { get; set; }

    public string? ContainerRuntimeVersion { get; set; }
}

public sealed class Event : KubernetesObject
{
    public ObjectReference InvolvedObject { get; set; } = new();

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Type { get; set; }

    public int? Count { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public DateTimeOffset? EventTime { get; set; }

    public EventSource? Source { get; set; }

    public string? ReportingComponent { get; set; }

    /// <summary>When the event last happened: lastTimestamp, else eventTime, else firstTimestamp, else creation.</summary>
    public DateTimeOffset? LastSeen => LastTimestamp ?? EventTime ?? FirstTimestamp ?? Metadata.CreationTimestamp;
}

public sealed class EventSource
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}

/// <summary>
/// A Secret. Values arrive base64-encoded; they are exposed as bytes and never formatted into output by the module.
/// </summary>
public sealed class Secret : KubernetesObject
{
    public string? Type { get; set; }

    public Dictionary<string, byte[]>? Data { get; set; }

    public override string ToString() => $"Secret {Namespace}/{Name} ({Type}, {Data?.Count ?? 0} keys)";
}

public sealed class ConfigMap : KubernetesObject
{
    public Dictionary<string, string>? Data { get; set; }

    public Dictionary<string, byte[]>? BinaryData { get; set; }
}

public sealed class PersistentVolumeClaim : KubernetesObject
{
    public PersistentVolumeClaimSpec Spec { get; set; } = new();

    public PersistentVolumeClaimStatus Status { get; set; } = new();
}

public sealed class PersistentVolumeClaimSpec
{
    public string? StorageClassName { get; set; }

    public List<string>? AccessModes { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public string? VolumeName { get; set; }
}

public sealed class PersistentVolumeClaimStatus
{
    public string? Phase { get; set; }

    public Dictionary<string, Quantity>? Capacity { get; set; }

    public List<Condition>? Conditions { get; set; }
}

/// <summary>autoscaling/v2 HorizontalPodAutoscaler.</summary>
public sealed class HorizontalPodAutoscaler : KubernetesObject
{
    public HorizontalPodAutoscalerSpec Spec { get; set; } = new();

    public HorizontalPodAutoscalerStatus Status { get; set; } = new();
}

public sealed class HorizontalPodAutoscalerSpec
{
    public CrossVersionObjectReference ScaleTargetRef { get; set; } = new();

    public int? MinReplicas { get; set; }

    public int MaxReplicas { get; set; }

    public List<System.Text.Json.Nodes.JsonObject>? Metrics { get; set; }
}

public sealed class CrossVersionObjectReference
{
    public string? ApiVersion { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;
}

public sealed class HorizontalPodAutoscalerStatus
{
    public int? CurrentReplicas { get; set; }

    public int DesiredReplicas { get; set; }

    public DateTimeOffset? LastScaleTime { get; set; }

    public List<Condition>? Conditions { get; set; }

    public List<System.Text.Json.Nodes.JsonObject>? CurrentMetrics { get; set; }
}

/// <summary>metrics.k8s.io/v1beta1 PodMetrics.</summary>
public sealed class PodMetrics : KubernetesObject
{
    public DateTimeOffset? Timestamp { get; set; }

    public string? Window { get; set; }

    public List<ContainerMetrics> Containers { get; set; } = [];
}

public sealed class ContainerMetrics
{
    public string Name { get; set; } = string.Empty;

    public Dictionary<string, Quantity> Usage { get; set; } = [];
}

/// <summary>metrics.k8s.io/v1beta1 NodeMetrics.</summary>
public sealed class NodeMetrics : KubernetesObject
{
    public DateTimeOffset? Timestamp { get; set; }

    public string? Window { get; set; }

    public Dictionary<string, Quantity> Usage { get; set; } = [];
}
