using k8s.Models;
using System.Globalization;

namespace OpsModule.Core.Health.Checks;

/// <summary>HorizontalPodAutoscalers: at maxReplicas, metrics unavailable, scale target missing.</summary>
internal sealed class AutoscalerCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Autoscalers;

    public override SnapshotParts Needs => SnapshotParts.Autoscalers | SnapshotParts.Deployments | SnapshotParts.StatefulSets;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        foreach (var hpa in snapshot.Autoscalers)
        {
            var ns = hpa.Namespace();
            var target = hpa.Spec.ScaleTargetRef;
            var targetExists = target.Kind switch
            {
                "Deployment" => snapshot.Deployments.Any(d => d.Name() == target.Name),
                "StatefulSet" => snapshot.StatefulSets.Any(s => s.Name() == target.Name),
                _ => true,
            };
            var problems = 0;
            if (!targetExists)
            {
                problems++;
                yield return Problem(HealthStatus.Critical, HealthCodes.Autoscalers.HpaTargetMissing, hpa.Namespace(), hpa.Name(),
                    $"Scale target {target.Kind}/{target.Name} does not exist, so nothing is autoscaled.",
                    $"Fix scaleTargetRef or create the workload: kubectl describe hpa {hpa.Name()} -n {ns}.", $"{target.Kind}/{target.Name}");
            }

            var scalingActive = hpa.Status.Conditions?.FirstOrDefault(c => c.Type == "ScalingActive");
            if (targetExists && scalingActive is { Status: "False" })
            {
                problems++;
                yield return Problem(HealthStatus.Warning, HealthCodes.Autoscalers.HpaMetricsUnavailable, ns, hpa.Name(),
                    $"The autoscaler cannot read its metrics ({scalingActive.Reason}): {scalingActive.Message}",
                    $"Check metrics-server (kubectl top pods -n {ns}) and that the pods set resource requests.");
            }

            var current = hpa.Status.CurrentReplicas ?? 0;
            if (targetExists && current >= hpa.Spec.MaxReplicas && hpa.Spec.MaxReplicas > 0)
            {
                problems++;
                yield return Problem(HealthStatus.Warning, HealthCodes.Autoscalers.HpaAtMaxReplicas, ns, hpa.Name(),
                    $"Running at its maximum of {hpa.Spec.MaxReplicas} replicas: load may exceed what it can scale to.",
                    $"Raise maxReplicas or add capacity after checking load: kubectl get hpa {hpa.Name()} -n {ns}; kubectl top pods -n {ns}.",
                    current.ToString(CultureInfo.InvariantCulture), hpa.Spec.MaxReplicas.ToString(CultureInfo.InvariantCulture));
            }

            if (problems == 0)
            {
                yield return HealthFinding.Healthy(HealthCheck.Autoscalers, HealthCodes.Autoscalers.HpaHealthy, ns, "HorizontalPodAutoscaler", hpa.Name(),
                    $"{current} replicas within {hpa.Spec.MinReplicas ?? 1}–{hpa.Spec.MaxReplicas}.", $"{current}");
            }
        }
    }

    private static OpsHealthResult Problem(HealthStatus status, string code, string? ns, string name, string message, string remediation, string? observed = null, string? threshold = null) =>
        HealthFinding.Problem(status, HealthCheck.Autoscalers, code, ns, "HorizontalPodAutoscaler", name, message, remediation, observed, threshold);
}
