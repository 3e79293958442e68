namespace OpsModule.Core.Kubernetes.Models;

public sealed class Deployment : KubernetesObject
{
    public DeploymentSpec Spec { get; set; } = new();

    public DeploymentStatus Status { get; set; } = new();
}

public sealed class DeploymentSpec
{
    public int? Replicas { get; set; }

    public LabelSelectorSpec? Selector { get; set; }

    public PodTemplateSpec Template { get; set; } = new();

    public int? ProgressDeadlineSeconds { get; set; }

    public bool? Paused { get; set; }
}

public sealed class DeploymentStatus
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? UpdatedReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public int? UnavailableReplicas { get; set; }

    public List<Condition>? Conditions { get; set; }
}

public sealed class ReplicaSet : KubernetesObject
{
    public ReplicaSetSpec Spec { get; set; } = new();

    public ReplicaSetStatus Status { get; set; } = new();
}

public sealed class ReplicaSetSpec
{
    public int? Replicas { get; set; }

    public LabelSelectorSpec? Selector { get; set; }

    public PodTemplateSpec Template { get; set; } = new();
}

public sealed class ReplicaSetStatus
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }
}

public sealed class StatefulSet : KubernetesObject
{
    public StatefulSetSpec Spec { get; set; } = new();

    public StatefulSetStatus Status { get; set; } = new();
}

public sealed class StatefulSetSpec
{
    public int? Replicas { get; set; }

    public string? ServiceName { get; set; }

    public LabelSelectorSpec? Selector { get; set; }

    public PodTemplateSpec Template { get; set; } = new();
}

public sealed class StatefulSetStatus
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? CurrentReplicas { get; set; }

    public int? UpdatedReplicas { get; set; }

    public int? AvailableReplicas { get; set; }
}

public sealed class DaemonSet : KubernetesObject
{
    public DaemonSetSpec Spec { get; set; } = new();

    public DaemonSetStatus Status { get; set; } = new();
}

public sealed class DaemonSetSpec
{
    public LabelSelectorSpec? Selector { get; set; }

    public PodTemplateSpec Template { get; set; } = new();
}

public sealed class DaemonSetStatus
{
    public long? ObservedGeneration { get; set; }

    public int DesiredNumberScheduled { get; set; }

    public int CurrentNumberScheduled { get; set; }

    public int NumberReady { get; set; }

    public int? NumberAvailable { get; set; }

    public int? NumberUnavailable { get; set; }

    public int? UpdatedNumberScheduled { get; set; }

    public int NumberMisscheduled { get; set; }
}

public sealed class Job : KubernetesObject
{
    public JobSpec Spec { get; set; } = new();

    public JobStatus Status { get; set; } = new();
}

public sealed class JobSpec
{
    public int? Completions { get; set; }

    public int? Parallelism { get; set; }

    public int? BackoffLimit { get; set; }

    public PodTemplateSpec Template { get; set; } = new();
}

public sealed class JobStatus
{
    public int? Active { get; set; }

    public int? Succeeded { get; set; }

    public int? Failed { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? CompletionTime { get; set; }

    public List<Condition>? Conditions { get; set; }
}

public sealed class CronJob : KubernetesObject
{
    public CronJobSpec Spec { get; set; } = new();

    public CronJobStatus Status { get; set; } = new();
}

public sealed class CronJobSpec
{
    public string? Schedule { get; set; }

    public bool? Suspend { get; set; }

    public JobTemplateSpec JobTemplate { get; set; } = new();
}

public sealed class JobTemplateSpec
{
    public ObjectMeta Metadata { get; set; } = new();

    public JobSpec Spec { get; set; } = new();
}

public sealed class CronJobStatus
{
    public DateTimeOffset? LastScheduleTime { get; set; }

    public DateTimeOffset? LastSuccessfulTime { get; set; }

    public List<ObjectReference>? Active { get; set; }
}

/// <summary>The autoscaling/v1 Scale subresource.</summary>
public sealed class Scale : KubernetesObject
{
    public ScaleSpec Spec { get; set; } = new();

    public ScaleStatus Status { get; set; } = new();
}

public sealed class ScaleSpec
{
    public int? Replicas { get; set; }
}

public sealed class ScaleStatus
{
    public int Replicas { get; set; }

    public string? Selector { get; set; }
}
