using System.Globalization;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>
/// CPU and memory use from metrics.k8s.io against each container's limit (or request when it has no limit):
/// the runbooks alert at CPU 70 %, memory 80 %, and treat 90 % as critical.
/// </summary>
internal sealed class ResourceUsageCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Resources;

    public override SnapshotParts Needs => SnapshotParts.Pods | SnapshotParts.PodMetrics;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var options = context.Options;
        if (snapshot.PodMetrics is null)
        {
            yield return HealthFinding.Problem(HealthStatus.Unknown, HealthCheck.Resources, HealthCodes.Resources.MetricsUnavailable, snapshot.Namespace, "Namespace", snapshot.Namespace,
                "The metrics API (metrics.k8s.io) is not served, so CPU and memory use cannot be judged.",
                "Install metrics-server (kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml), then check with kubectl top pods.");
            yield break;
        }

        var pods = snapshot.Pods.ToDictionary(p => p.Name(), StringComparer.Ordinal);
        foreach (var metrics in snapshot.PodMetrics)
        {
            if (!pods.TryGetValue(metrics.Name(), out var pod))
            {
                continue;
            }

            var worst = new List<OpsHealthResult>();
            foreach (var usage in metrics.Containers)
            {
                var spec = pod.Spec.Containers.FirstOrDefault(c => c.Name == usage.Name);
                foreach (var (resource, warning) in new[] { ("cpu", options.CpuWarningPercent), ("memory", options.MemoryWarningPercent) })
                {
                    if (Judge(pod, usage, spec?.Resources, resource, warning, options.ResourceCriticalPercent) is { } finding)
                    {
                        worst.Add(finding);
                    }
                }
            }

            if (worst.Count == 0)
            {
                yield return HealthFinding.Healthy(HealthCheck.Resources, HealthCodes.Resources.ResourceUsageNormal, pod.Namespace(), "Pod", pod.Name(), "CPU and memory within limits.");
            }

            foreach (var finding in worst)
            {
                yield return finding;
            }
        }
    }

    private static OpsHealthResult? Judge(V1Pod pod, ContainerMetrics usage, V1ResourceRequirements? resources, string resource, double warningPercent, double criticalPercent)
    {
        if (!usage.Usage.TryGetValue(resource, out var used))
        {
            return null;
        }

        var basis = "limit";
        if (resources?.Limits?.TryGetValue(resource, out var bound) != true || bound!.ToDecimal() <= 0)
        {
            basis = "request";
            if (resources?.Requests?.TryGetValue(resource, out bound) != true || bound!.ToDecimal() <= 0)
            {
                return null;
            }
        }

        var percent = (double)(used.ToDecimal() / bound.ToDecimal() * 100);
        if (percent <= warningPercent)
        {
            return null;
        }

        var status = percent > criticalPercent ? HealthStatus.Critical : HealthStatus.Warning;
        var code = resource == "cpu" ? HealthCodes.Resources.CpuUsageHigh : HealthCodes.Resources.MemoryUsageHigh;
        var remediation = resource == "memory"
            ? $"Raise the memory limit or find the leak before it is OOMKilled (kubectl top pod {pod.Name()} -n {pod.Namespace()} --containers)."
            : $"Raise the CPU limit or scale out (kubectl top pod {pod.Name()} -n {pod.Namespace()} --containers; check the HPA).";
        return HealthFinding.Problem(status, HealthCheck.Resources, code, pod.Namespace(), "Pod", pod.Name(),
            $"Container '{usage.Name}' uses {percent:0} % of its {resource} {basis} ({used} of {bound}).", remediation,
            $"{percent.ToString("0", CultureInfo.InvariantCulture)} %",
            $"{(status == HealthStatus.Critical ? criticalPercent : warningPercent).ToString("0", CultureInfo.InvariantCulture)} %");
    }
}
