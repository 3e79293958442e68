using OpsModule.Core.Health;

namespace OpsModule.Core.Repair;

/// <summary>
/// What a repair run decided about one finding: either an action to confirm and take (<see cref="Result"/> null), or a result that
/// needs no action (skipped by a guard rail, not repairable).
/// </summary>
public sealed class RepairPlan
{
    internal RepairPlan(OpsHealthResult finding, DateTimeOffset start)
    {
        Finding = finding;
        StartTime = start;
    }

    public OpsHealthResult Finding { get; }

    public RepairAction Action { get; internal init; }

    /// <summary>The ShouldProcess target, e.g. "pod production/saas-platform-blue-7d9c4-x2x5k".</summary>
    public string Target { get; internal init; } = string.Empty;

    /// <summary>The ShouldProcess action text, e.g. "Evict (PodRestartsHigh: 7 restarts; Deployment/saas-platform-blue keeps 1 Ready)".</summary>
    public string Description { get; internal init; } = string.Empty;

    /// <summary>Set when nothing is to be done: the result to emit as it is.</summary>
    public OpsRepairResult? Result { get; internal init; }

    internal string? PodName { get; init; }

    internal RepairWorkload? Workload { get; init; }

    internal DateTimeOffset StartTime { get; }
}
