using System.Text.Json.Serialization;

namespace OpsModule.Core.Kubernetes.Models;

public sealed class Pod : KubernetesObject
{
    public PodSpec Spec { get; set; } = new();

    public PodStatus Status { get; set; } = new();
}

public sealed class PodTemplateSpec
{
    public ObjectMeta Metadata { get; set; } = new();

    public PodSpec Spec { get; set; } = new();
}

public sealed class PodSpec
{
    public string? NodeName { get; set; }

    public string? ServiceAccountName { get; set; }

    public List<Container> Containers { get; set; } = [];

    public List<Container>? InitContainers { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }
}

public sealed class Container
{
    public string Name { get; set; } = string.Empty;

    public string? Image { get; set; }

    public List<string>? Command { get; set; }

    public List<string>? Args { get; set; }

    public List<ContainerPort>? Ports { get; set; }

    public List<EnvVar>? Env { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public Probe? LivenessProbe { get; set; }

    public Probe? ReadinessProbe { get; set; }

    public Probe? StartupProbe { get; set; }
}

public sealed class ContainerPort
{
    public string? Name { get; set; }

    [JsonPropertyName("containerPort")]
    public int Port { get; set; }

    public string? Protocol { get; set; }
}

/// <summary>An environment variable. Only literal values are modelled; references (valueFrom) are left alone.</summary>
public sealed class EnvVar
{
    public string Name { get; set; } = string.Empty;

    public string? Value { get; set; }
}

public sealed class ResourceRequirements
{
    public Dictionary<string, Quantity>? Requests { get; set; }

    public Dictionary<string, Quantity>? Limits { get; set; }
}

public sealed class Probe
{
    public HttpGetAction? HttpGet { get; set; }

    public int? InitialDelaySeconds { get; set; }

    public int? PeriodSeconds { get; set; }

    public int? TimeoutSeconds { get; set; }

    public int? FailureThreshold { get; set; }
}

public sealed class HttpGetAction
{
    public string? Path { get; set; }

    public IntOrString Port { get; set; }

    public string? Scheme { get; set; }
}

public sealed class PodStatus
{
    public string? Phase { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? PodIP { get; set; }

    public string? HostIP { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public List<Condition>? Conditions { get; set; }

    public List<ContainerStatus>? ContainerStatuses { get; set; }

    public List<ContainerStatus>? InitContainerStatuses { get; set; }
}

public sealed class ContainerStatus
{
    public string Name { get; set; } = string.Empty;

    public bool Ready { get; set; }

    public bool? Started { get; set; }

    public int RestartCount { get; set; }

    public string? Image { get; set; }

    public ContainerState? State { get; set; }

    public ContainerState? LastState { get; set; }
}

public sealed class ContainerState
{
    public ContainerStateWaiting? Waiting { get; set; }

    public ContainerStateRunning? Running { get; set; }

    public ContainerStateTerminated? Terminated { get; set; }
}

public sealed class ContainerStateWaiting
{
    public string? Reason { get; set; }

    public string? Message { get; set; }
}

public sealed class ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; set; }
}

public sealed class ContainerStateTerminated
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public int ExitCode { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}
