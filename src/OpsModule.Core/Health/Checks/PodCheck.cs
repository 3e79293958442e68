using System.Globalization;
using k8s;
using k8s.Models;

namespace OpsModule.Core.Health.Checks;

/// <summary>Pods: Pending/Unschedulable, CrashLoopBackOff, image pulls, config errors, OOMKilled, Evicted, not Ready, restarts.</summary>
internal sealed class PodCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Pods;

    public override SnapshotParts Needs => SnapshotParts.Pods;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var options = context.Options;
        var now = context.Now;
        foreach (var pod in snapshot.Pods)
        {
            var findings = EvaluatePod(pod, options, now).ToList();
            if (findings.Count == 0)
            {
                var phase = pod.Status.Phase ?? "Unknown";
                yield return HealthFinding.Healthy(HealthCheck.Pods, HealthCodes.Pods.PodHealthy, pod.Namespace(), "Pod", pod.Name(), $"Pod is {phase}.", phase);
            }

            foreach (var finding in findings)
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<OpsHealthResult> EvaluatePod(V1Pod pod, HealthOptions options, DateTimeOffset now)
    {
        var ns = pod.Namespace();
        var name = pod.Name();
        var describe = $"kubectl describe pod {name} -n {ns}";
        var logs = $"kubectl logs {name} -n {ns} --previous";

        if (pod.Status.Phase == "Succeeded")
        {
            yield break;
        }

        if (pod.Status.Phase == "Failed" && pod.Status.Reason == "Evicted")
        {
            yield return Problem(HealthStatus.Warning, HealthCodes.Pods.PodEvicted, pod, $"Pod was evicted: {pod.Status.Message}",
                $"Find the node pressure that caused it ({describe}), then delete the evicted pod: kubectl delete pod {name} -n {ns}");
            yield break;
        }

        if (pod.Status.Phase == "Pending")
        {
            var scheduled = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            var age = now - (pod.Metadata.CreationTimestamp ?? now);
            if (scheduled is { Status: "False", Reason: "Unschedulable" })
            {
                yield return Problem(HealthStatus.Critical, HealthCodes.Pods.PodUnschedulable, pod, $"Pod cannot be scheduled: {scheduled.Message}",
                    $"Free or add node capacity, or lower the pod's requests / fix its node selector and tolerations ({describe}; kubectl describe nodes).",
                    observed: Minutes(age));
            }
            else if (age > options.PendingThreshold)
            {
                yield return Problem(HealthStatus.Warning, HealthCodes.Pods.PodPendingTooLong, pod, $"Pod has been Pending for {Minutes(age)}.",
                    $"Check its events for image pulls, volumes or scheduling ({describe}).",
                    observed: Minutes(age), threshold: Minutes(options.PendingThreshold));
            }
        }

        foreach (var container in pod.Status.ContainerStatuses ?? [])
        {
            var waiting = container.State?.Waiting;
            var lastTerminated = container.LastState?.Terminated ?? container.State?.Terminated;
            switch (waiting?.Reason)
            {
                case "CrashLoopBackOff":
                    var last = lastTerminated is null
                        ? string.Empty
                        : $" Last exit: {lastTerminated.Reason ?? "Error"} (exit code {lastTerminated.ExitCode}).";
                    yield return Problem(HealthStatus.Critical, HealthCodes.Pods.PodCrashLoopBackOff, pod,
                        $"Container '{container.Name}' is in CrashLoopBackOff after {container.RestartCount} restarts.{last}",
                        $"Read why it crashed: {logs} -c {container.Name}; then fix the configuration or image and roll out again.",
                        observed: $"{container.RestartCount} restarts");
                    break;
                case "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName":
                    yield return Problem(HealthStatus.Critical, HealthCodes.Pods.PodImagePullError, pod,
                        $"Container '{container.Name}' cannot pull image '{container.Image}': {waiting.Reason}. {waiting.Message}".TrimEnd(),
                        $"Check the image name and tag, and the registry credentials (imagePullSecrets) ({describe}).");
                    break;
                case "CreateContainerConfigError" or "CreateContainerError":
                    yield return Problem(HealthStatus.Critical, HealthCodes.Pods.PodContainerConfigError, pod,
                        $"Container '{container.Name}' cannot be created: {waiting.Reason}. {waiting.Message}".TrimEnd(),
                        $"A referenced ConfigMap, Secret or key is usually missing: kubectl get configmap,secret -n {ns}; {describe}.");
                    break;
            }

            if (lastTerminated?.Reason == "OOMKilled")
            {
                yield return Problem(HealthStatus.Warning, HealthCodes.Pods.PodOOMKilled, pod,
                    $"Container '{container.Name}' was killed for running out of memory (exit code {lastTerminated.ExitCode}).",
                    $"Raise its memory limit or find the leak: kubectl top pod {name} -n {ns} --containers; {logs} -c {container.Name}.");
            }

            if (container.RestartCount > options.RestartThreshold && waiting?.Reason != "CrashLoopBackOff")
            {
                yield return Problem(HealthStatus.Warning, HealthCodes.Pods.PodRestartsHigh, pod,
                    $"Container '{container.Name}' restarted {container.RestartCount} times.",
                    $"Find the cause of the restarts: {logs} -c {container.Name}.",
                    observed: container.RestartCount.ToString(CultureInfo.InvariantCulture),
                    threshold: options.RestartThreshold.ToString(CultureInfo.InvariantCulture));
            }
        }

        if (pod.Status.Phase == "Running")
        {
            var ready = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            var since = ready?.LastTransitionTime ?? pod.Status.StartTime ?? pod.Metadata.CreationTimestamp ?? now;
            var allWaitingReported = pod.Status.ContainerStatuses?.Any(c => c.State?.Waiting is not null) ?? false;
            if (ready is { Status: "False" } && now - since > options.NotReadyThreshold && !allWaitingReported)
            {
                yield return Problem(HealthStatus.Warning, HealthCodes.Pods.PodNotReady, pod,
                    $"Pod has been Running but not Ready for {Minutes(now - since)}: {ready.Message ?? "readiness probe failing"}.",
                    $"Check the readiness probe and the app's health endpoint ({describe}; kubectl logs {name} -n {ns}).",
                    observed: Minutes(now - since), threshold: Minutes(options.NotReadyThreshold));
            }
        }
    }

    private static OpsHealthResult Problem(HealthStatus status, string code, V1Pod pod, string message, string remediation, string? observed = null, string? threshold = null) =>
        HealthFinding.Problem(status, HealthCheck.Pods, code, pod.Namespace(), "Pod", pod.Name(), message, remediation, observed, threshold);

    internal static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";
}
