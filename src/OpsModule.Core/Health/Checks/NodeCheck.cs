using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>Nodes: NotReady, memory/disk/PID pressure, cordoned.</summary>
internal static class NodeCheck
{
    private static readonly (string Condition, string Code)[] Pressures =
        [("MemoryPressure", HealthCodes.Nodes.NodeMemoryPressure), ("DiskPressure", HealthCodes.Nodes.NodeDiskPressure), ("PIDPressure", HealthCodes.Nodes.NodePidPressure)];

    public static IEnumerable<OpsHealthResult> Evaluate(IReadOnlyList<V1Node> nodes)
    {
        foreach (var node in nodes)
        {
            var problems = 0;
            var ready = node.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            if (ready is null || ready.Status != "True")
            {
                problems++;
                yield return Problem(HealthStatus.Critical, HealthCodes.Nodes.NodeNotReady, node, $"Node is NotReady: {ready?.Reason} {ready?.Message}".TrimEnd(),
                    $"Check the kubelet and the node itself: kubectl describe node {node.Name()}; its pods are being evicted or will be.");
            }

            foreach (var (conditionType, code) in Pressures)
            {
                var condition = node.Status.Conditions?.FirstOrDefault(c => c.Type == conditionType);
                if (condition is { Status: "True" })
                {
                    problems++;
                    yield return Problem(HealthStatus.Warning, code, node, $"Node reports {conditionType}: {condition.Message}",
                        $"Free resources or move workloads (kubectl top node {node.Name()}; kubectl describe node {node.Name()}).");
                }
            }

            if (node.Spec.Unschedulable == true)
            {
                problems++;
                yield return Problem(HealthStatus.Warning, HealthCodes.Nodes.NodeCordoned, node, "Node is cordoned: no new pods are scheduled on it.",
                    $"When maintenance is over: kubectl uncordon {node.Name()}.");
            }

            if (problems == 0)
            {
                yield return HealthFinding.Healthy(HealthCheck.Nodes, HealthCodes.Nodes.NodeReady, null, "Node", node.Name(),
                    $"Ready ({node.Status.NodeInfo?.KubeletVersion}).".Replace(" ()", string.Empty, StringComparison.Ordinal));
            }
        }
    }

    private static OpsHealthResult Problem(HealthStatus status, string code, V1Node node, string message, string remediation) =>
        HealthFinding.Problem(status, HealthCheck.Nodes, code, null, "Node", node.Name(), message, remediation);
}
