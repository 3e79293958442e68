using k8s;
using k8s.Models;

namespace OpsModule.Core.Health;

/// <summary>Everything the checks read from one namespace, fetched with one list call per kind.</summary>
public sealed class NamespaceSnapshot
{
    public required string Namespace { get; init; }

    public IReadOnlyList<V1Pod> Pods { get; init; } = [];

    public IReadOnlyList<V1Deployment> Deployments { get; init; } = [];

    public IReadOnlyList<V1StatefulSet> StatefulSets { get; init; } = [];

    public IReadOnlyList<V1DaemonSet> DaemonSets { get; init; } = [];

    public IReadOnlyList<V1Service> Services { get; init; } = [];

    public IReadOnlyList<V1Endpoints> Endpoints { get; init; } = [];

    public IReadOnlyList<V1Ingress> Ingresses { get; init; } = [];

    public IReadOnlyList<V2HorizontalPodAutoscaler> Autoscalers { get; init; } = [];

    public IReadOnlyList<V1PersistentVolumeClaim> Claims { get; init; } = [];

    public IReadOnlyList<Corev1Event> Events { get; init; } = [];

    /// <summary>Secrets of type kubernetes.io/tls, plus any other Secret an Ingress names for TLS.</summary>
    public IReadOnlyList<V1Secret> TlsSecrets { get; init; } = [];

    private PodLabelIndex? _podIndex;

    /// <summary>The pods indexed by label, built on first use.</summary>
    internal PodLabelIndex PodIndex => _podIndex ??= new PodLabelIndex(Pods);

    /// <summary>Null when the metrics API is not served.</summary>
    public IReadOnlyList<PodMetrics>? PodMetrics { get; init; }
}
