using System.Globalization;
using k8s.Models;

namespace OpsModule.Core.Repair;

/// <summary>
/// Runbook 004's two rules, judged on the pod as it is now (a piped finding may be minutes old): its containers restarted more than
/// <see cref="RepairOptions.RestartThreshold"/> times in all, or it has not been Ready for longer than <see cref="RepairOptions.NotReadyFor"/>.
/// </summary>
internal readonly record struct PodTrigger(string? Why, string Observed)
{
    public static PodTrigger Evaluate(V1Pod pod, RepairOptions options, DateTimeOffset now)
    {
        var restarts = pod.Status.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;
        var ready = pod.Status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var notReadyFor = ready is { Status: not "True" }
            ? now - (ready.LastTransitionTime ?? pod.Status.StartTime ?? pod.Metadata.CreationTimestamp ?? now)
            : TimeSpan.Zero;
        var observed = string.Create(CultureInfo.InvariantCulture,
            $"{restarts} restarts (more than {options.RestartThreshold} needed), not Ready for {Minutes(notReadyFor)} (more than {Minutes(options.NotReadyFor)} needed)");
        if (restarts > options.RestartThreshold)
        {
            return new PodTrigger(string.Create(CultureInfo.InvariantCulture, $"{restarts} restarts, more than {options.RestartThreshold}"), observed);
        }

        return notReadyFor > options.NotReadyFor
            ? new PodTrigger($"not Ready for {Minutes(notReadyFor)}, more than {Minutes(options.NotReadyFor)}", observed)
            : new PodTrigger(null, observed);
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
}
