using k8s.Models;
using System.Globalization;

namespace OpsModule.Core.Health.Checks;

/// <summary>Warning events within the look-back window, grouped by object and reason with their counts.</summary>
internal sealed class EventCheck : SnapshotCheck
{
    public override HealthCheck Check => HealthCheck.Events;

    public override SnapshotParts Needs => SnapshotParts.Events;

    public override IEnumerable<OpsHealthResult> Evaluate(NamespaceSnapshot snapshot, HealthCheckContext context)
    {
        var options = context.Options;
        var now = context.Now;
        var cutoff = now - options.Since;
        var groups = snapshot.Events
            .Where(e => e.Type == "Warning" && (LastSeen(e) ?? now) >= cutoff)
            .GroupBy(e => (e.InvolvedObject.Kind, e.InvolvedObject.Name, e.Reason))
            .OrderByDescending(g => g.Sum(e => e.Count ?? 1));
        foreach (var group in groups)
        {
            var count = group.Sum(e => e.Count ?? 1);
            var latest = group.OrderByDescending(LastSeen).First();
            var kind = group.Key.Kind ?? "Object";
            yield return HealthFinding.Problem(HealthStatus.Warning, HealthCheck.Events, HealthCodes.Events.WarningEvent, snapshot.Namespace, kind, group.Key.Name ?? string.Empty,
                $"{group.Key.Reason} x{count} in the last {PodCheck.Minutes(options.Since)}: {latest.Message}",
                $"kubectl get events -n {snapshot.Namespace} --field-selector involvedObject.name={group.Key.Name},type=Warning --sort-by=.lastTimestamp",
                count.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>When the event last happened: lastTimestamp, else eventTime, else firstTimestamp, else creation.</summary>
    private static DateTimeOffset? LastSeen(Corev1Event e) =>
        e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp;
}
