using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsModule.Core.Repair;

/// <summary>
/// The cooldown record on a workload: when Repair-OpsHealth last acted on it and what it did, in two metadata annotations (not the
/// pod template's, so writing them starts no rollout). The next scheduled run reads them and leaves the workload alone until the
/// cooldown has passed, instead of restarting the same thing every minute as the runbook's healer would.
/// </summary>
public static class RepairCooldown
{
    public const string RepairedAtAnnotation = "opsmodule.io/repaired-at";
    public const string RepairAnnotation = "opsmodule.io/repair";

    /// <summary>The annotation kubectl rollout restart sets on the pod template; any change of the template rolls the pods.</summary>
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    public static DateTimeOffset? LastRepair(IDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(RepairedAtAnnotation, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    /// <summary>The metadata part of a merge patch recording a repair at <paramref name="at"/>.</summary>
    public static JsonObject Record(DateTimeOffset at, string what) => new()
    {
        ["annotations"] = new JsonObject
        {
            [RepairedAtAnnotation] = Timestamp(at),
            [RepairAnnotation] = what,
        },
    };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
