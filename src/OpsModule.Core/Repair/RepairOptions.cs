namespace OpsModule.Core.Repair;

/// <summary>The rules and guard rails of a repair run (defaults from runbook 004's auto-healer, made safe).</summary>
public sealed record RepairOptions
{
    /// <summary>A pod is restarted when its containers restarted more often than this (the healer's "more than 5").</summary>
    public int RestartThreshold { get; init; } = 5;

    /// <summary>... or when it has not been Ready for longer than this (the healer's 5 minutes).</summary>
    public TimeSpan NotReadyFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>What to do about an unavailable workload or a stuck rollout: Restart, ScaleUp or None.</summary>
    public WorkloadRepairAction WorkloadAction { get; init; } = WorkloadRepairAction.Restart;

    /// <summary>At most this many pods of one workload are evicted per run.</summary>
    public int MaxPerWorkload { get; init; } = 1;

    /// <summary>A workload repaired less than this long ago (its annotation says when) is left alone.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait until the evicted pod's replacement is Ready, or the restarted workload rolled out.</summary>
    public bool Wait { get; init; }

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
