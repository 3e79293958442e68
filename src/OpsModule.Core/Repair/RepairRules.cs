using OpsModule.Core.Health;

namespace OpsModule.Core.Repair;

/// <summary>Which findings Repair-OpsHealth acts on, and why the others need a person.</summary>
internal static class RepairRules
{
    /// <summary>Pod findings a fresh pod can fix: crash loops, frequent restarts, not Ready too long.</summary>
    public static readonly IReadOnlySet<string> PodCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        HealthCodes.Pods.PodCrashLoopBackOff,
        HealthCodes.Pods.PodRestartsHigh,
        HealthCodes.Pods.PodNotReady,
    };

    /// <summary>Workload findings a rolling restart (or one more replica) can fix.</summary>
    public static readonly IReadOnlySet<string> WorkloadCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        HealthCodes.Workloads.WorkloadUnavailable,
        HealthCodes.Workloads.DeploymentRolloutStuck,
    };

    private static readonly Dictionary<string, string> WhyNot = new(StringComparer.Ordinal)
    {
        [HealthCodes.Pods.PodImagePullError] = "a new pod pulls the same image: fix the image name, tag or pull secret",
        [HealthCodes.Pods.PodContainerConfigError] = "a new pod references the same missing ConfigMap or Secret",
        [HealthCodes.Pods.PodUnschedulable] = "a new pod fits no node either: it needs capacity or different requests",
        [HealthCodes.Pods.PodPendingTooLong] = "a new pod would wait for the same thing",
        [HealthCodes.Pods.PodOOMKilled] = "a new pod gets the same memory limit",
        [HealthCodes.Pods.PodEvicted] = "the node evicted it already; its controller has replaced it",
        [HealthCodes.Workloads.WorkloadScaledToZero] = "zero replicas may be intended (the idle colour of a blue-green pair)",
        [HealthCodes.Volumes.PvcPending] = "a claim waits for storage, not for a restart",
        [HealthCodes.Volumes.PvcLost] = "the claim's volume is gone",
        [HealthCodes.Ingresses.IngressTlsSecretMissing] = "the TLS secret has to be created",
        [HealthCodes.Autoscalers.HpaAtMaxReplicas] = "the autoscaler is at its maximum: raise maxReplicas or find the load",
        [HealthCodes.Nodes.NodeMemoryPressure] = "node pressure is the node's, not a pod's",
        [HealthCodes.Nodes.NodeDiskPressure] = "node pressure is the node's, not a pod's",
        [HealthCodes.Nodes.NodePidPressure] = "node pressure is the node's, not a pod's",
        [HealthCodes.Nodes.NodeNotReady] = "a NotReady node needs its kubelet or machine looked at",
    };

    public static string NotRepairableReason(OpsHealthResult finding) =>
        WhyNot.TryGetValue(finding.Code, out var why)
            ? $"Not repairable automatically: {why}."
            : $"Not repairable automatically: Repair-OpsHealth restarts pods and workloads only, and {finding.Code} is not fixed by a restart.";
}
