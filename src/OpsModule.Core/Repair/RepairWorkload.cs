using k8s.Models;
using OpsModule.Core.Kubernetes;

namespace OpsModule.Core.Repair;

/// <summary>
/// A controller that replaces its pods (Deployment, StatefulSet, DaemonSet, or a ReplicaSet of its own), as read at the start of
/// its first repair in a run: how many replicas it wants and has Ready, its pod selector, and when it was last repaired.
/// </summary>
internal sealed record RepairWorkload
{
    public required ResourceType Type { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required int Desired { get; init; }

    public required int Ready { get; init; }

    public required string Selector { get; init; }

    public DateTimeOffset? LastRepair { get; init; }

    /// <summary>Why a rolling restart could leave it without a Ready pod (Recreate strategy, maxUnavailable of all), else null.</summary>
    public string? RestartRisk { get; init; }

    public bool CanScale => Type != ResourceTypes.DaemonSets;

    public string Kind => Type.Kind;

    public string Display => $"{Kind}/{Name}";

    public static RepairWorkload From(V1Deployment deployment)
    {
        var desired = deployment.Spec.Replicas ?? 1;
        var strategy = deployment.Spec.Strategy;
        string? risk = null;
        if (strategy?.Type == "Recreate")
        {
            risk = "its strategy is Recreate, which stops every pod before starting new ones";
        }
        else
        {
            var maxUnavailable = strategy?.RollingUpdate?.MaxUnavailable;
            var unavailable = maxUnavailable is null ? desired / 4 : Resolve(maxUnavailable.Value, desired);
            if (desired - unavailable <= 0)
            {
                risk = $"its maxUnavailable ({maxUnavailable?.Value ?? "25%"}) lets the rollout stop all {desired} pods at once";
            }
        }

        return Create(ResourceTypes.Deployments, deployment, desired, deployment.Status.ReadyReplicas ?? 0, deployment.Spec.Selector, risk);
    }

    public static RepairWorkload From(V1StatefulSet statefulSet)
    {
        var desired = statefulSet.Spec.Replicas ?? 1;
        var risk = desired <= 1 ? "a StatefulSet of one replica restarts its only pod before a new one is Ready" : null;
        return Create(ResourceTypes.StatefulSets, statefulSet, desired, statefulSet.Status.ReadyReplicas ?? 0, statefulSet.Spec.Selector, risk);
    }

    public static RepairWorkload From(V1DaemonSet daemonSet)
    {
        var desired = daemonSet.Status.DesiredNumberScheduled;
        var risk = desired <= 1 ? "a DaemonSet on one node restarts its only pod before a new one is Ready" : null;
        return Create(ResourceTypes.DaemonSets, daemonSet, desired, daemonSet.Status.NumberReady, daemonSet.Spec.Selector, risk);
    }

    public static RepairWorkload From(V1ReplicaSet replicaSet) =>
        Create(ResourceTypes.ReplicaSets, replicaSet, replicaSet.Spec.Replicas ?? 1, replicaSet.Status.ReadyReplicas ?? 0, replicaSet.Spec.Selector,
            "a ReplicaSet without a Deployment has no rolling restart");

    private static RepairWorkload Create(ResourceType type, k8s.IKubernetesObject<V1ObjectMeta> workload, int desired, int ready, V1LabelSelector? selector, string? risk) => new()
    {
        Type = type,
        Namespace = workload.Metadata.NamespaceProperty,
        Name = workload.Metadata.Name,
        Desired = desired,
        Ready = ready,
        Selector = LabelSelector.FromSpec(selector)?.ToString() ?? string.Empty,
        LastRepair = RepairCooldown.LastRepair(workload.Metadata.Annotations),
        RestartRisk = risk,
    };

    private static int Resolve(IntOrString value, int total) =>
        value.Value is { } text && text.EndsWith('%') && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var percent)
            ? (int)Math.Floor(total * percent / 100)
            : int.TryParse(value.Value, out var number) ? number : 0;
}
