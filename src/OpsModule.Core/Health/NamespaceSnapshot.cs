using OpsModule.Core.Kubernetes.Models;

namespace OpsModule.Core.Health;

/// <summary>Everything the checks read from one namespace, fetched with one list call per kind.</summary>
public sealed class NamespaceSnapshot
{
    public required string Namespace { get; init; }

    public IReadOnlyList<Pod> Pods { get; init; } = [];

    public IReadOnlyList<Deployment> Deployments { get; init; } = [];

    public IReadOnlyList<StatefulSet> StatefulSets { get; init; } = [];

    public IReadOnlyList<DaemonSet> DaemonSets { get; init; } = [];

    public IReadOnlyList<Service> Services { get; init; } = [];

    public IReadOnlyList<Endpoints> Endpoints { get; init; } = [];

    public IReadOnlyList<Ingress> Ingresses { get; init; } = [];

    public IReadOnlyList<HorizontalPodAutoscaler> Autoscalers { get; init; } = [];

    public IReadOnlyList<PersistentVolumeClaim> Claims { get; init; } = [];

    public IReadOnlyList<Event> Events { get; init; } = [];

    /// <summary>Secrets of type kubernetes.io/tls, plus any other Secret an Ingress names for TLS.</summary>
    public IReadOnlyList<Secret> TlsSecrets { get; init; } = [];

    private PodLabelIndex? _podIndex;

    /// <summary>The pods indexed by label, built on first use.</summary>
    internal PodLabelIndex PodIndex => _podIndex ??= new PodLabelIndex(Pods);

    /// <summary>Null when the metrics API is not served.</summary>
    public IReadOnlyList<PodMetrics>? PodMetrics { get; init; }
}
