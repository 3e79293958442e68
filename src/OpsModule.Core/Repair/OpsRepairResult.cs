using OpsModule.Core.Health;

namespace OpsModule.Core.Repair;

/// <summary>What Repair-OpsHealth did about one finding: the action, its target, the outcome and why.</summary>
public sealed class OpsRepairResult
{
    /// <summary>The finding's code, e.g. PodRestartsHigh.</summary>
    public required string Code { get; init; }

    /// <summary>The finding's severity.</summary>
    public required HealthStatus Status { get; init; }

    public required RepairAction Action { get; init; }

    public required RepairOutcome Outcome { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Kind of the object acted on (or the finding's, when nothing was done).</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>The controller the pod belongs to, e.g. Deployment/saas-platform-blue; the object the cooldown is recorded on.</summary>
    public string? Workload { get; init; }

    /// <summary>Why this outcome: what was done, or which guard rail, budget or cooldown held the action back.</summary>
    public required string Reason { get; init; }

    /// <summary>The finding's remediation: what a person should do when the repair was not done or did not help.</summary>
    public string Remediation { get; init; } = string.Empty;

    /// <summary>With -Wait: the pod that replaced an evicted one.</summary>
    public string? ReplacementPod { get; init; }

    public DateTimeOffset StartTime { get; init; }

    /// <summary>Seconds from the decision to the end of the action (and of the wait, with -Wait).</summary>
    public double DurationSeconds { get; init; }

    public override string ToString() => $"{Outcome} {Action} {Kind} {Namespace}/{Name}: {Reason}";
}
