using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>Deployments, StatefulSets and DaemonSets: fewer available than desired, stuck rollouts, scaled to zero.</summary>
internal sealed class WorkloadCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Workloads;

    public override SnapshotParts Needs => SnapshotParts.Deployments | SnapshotParts.StatefulSets | SnapshotParts.DaemonSets;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        foreach (var deployment in snapshot.Deployments)
        {
            var progressing = deployment.Status.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
            if (progressing is { Reason: "ProgressDeadlineExceeded" })
            {
                yield return HealthFinding.Problem(HealthStatus.Critical, HealthCheck.Workloads, HealthCodes.Workloads.DeploymentRolloutStuck, deployment.Namespace(),
                    "Deployment", deployment.Name(), $"Rollout exceeded its progress deadline: {progressing.Message}",
                    $"See why the new pods do not become ready (kubectl rollout status deployment/{deployment.Name()} -n {deployment.Namespace()}; " +
                    $"kubectl describe deployment {deployment.Name()} -n {deployment.Namespace()}), fix it, or roll back: kubectl rollout undo deployment/{deployment.Name()} -n {deployment.Namespace()}.");
            }

            yield return Availability("Deployment", deployment, deployment.Spec.Replicas ?? 1, deployment.Status.AvailableReplicas ?? 0,
                $"kubectl rollout status deployment/{deployment.Name()} -n {deployment.Namespace()}");
        }

        foreach (var statefulSet in snapshot.StatefulSets)
        {
            yield return Availability("StatefulSet", statefulSet, statefulSet.Spec.Replicas ?? 1,
                statefulSet.Status.AvailableReplicas ?? statefulSet.Status.ReadyReplicas ?? 0,
                $"kubectl rollout status statefulset/{statefulSet.Name()} -n {statefulSet.Namespace()}");
        }

        foreach (var daemonSet in snapshot.DaemonSets)
        {
            yield return Availability("DaemonSet", daemonSet, daemonSet.Status.DesiredNumberScheduled,
                daemonSet.Status.NumberAvailable ?? daemonSet.Status.NumberReady,
                $"kubectl rollout status daemonset/{daemonSet.Name()} -n {daemonSet.Namespace()}", canBeZero: true);
        }
    }

    private static OpsHealthResult Availability(string kind, IKubernetesObject<V1ObjectMeta> workload, int desired, int available, string statusCommand, bool canBeZero = false)
    {
        var observed = $"{available}/{desired} available";
        if (desired == 0 && !canBeZero)
        {
            return HealthFinding.Problem(HealthStatus.Warning, HealthCheck.Workloads, HealthCodes.Workloads.WorkloadScaledToZero, workload.Namespace(), kind, workload.Name(),
                $"{kind} is scaled to 0 replicas and serves nothing.",
                $"If that is not intended, scale it up: kubectl scale {kind.ToLowerInvariant()}/{workload.Name()} -n {workload.Namespace()} --replicas=<n>.",
                observed);
        }

        if (available < desired)
        {
            return HealthFinding.Problem(available == 0 ? HealthStatus.Critical : HealthStatus.Warning, HealthCheck.Workloads, HealthCodes.Workloads.WorkloadUnavailable,
                workload.Namespace(), kind, workload.Name(), $"{kind} has {available} of {desired} replicas available.",
                $"Look at its pods' findings and events ({statusCommand}; kubectl get pods -n {workload.Namespace()}).", observed, $"{desired}");
        }

        return HealthFinding.Healthy(HealthCheck.Workloads, HealthCodes.Workloads.WorkloadAvailable, workload.Namespace(), kind, workload.Name(), $"All {desired} replicas available.", observed);
    }
}
