namespace OpsModule.Core.Health;

/// <summary>One finding of the health checklist: what was looked at, the verdict, and the runbook step that fixes it.</summary>
public sealed class OpsHealthResult
{
    /// <summary>Stable identifier of the rule, e.g. PodCrashLoopBackOff; safe to filter on with -ExcludeCode.</summary>
    public required string Code { get; init; }

    public required HealthStatus Status { get; init; }

    public required HealthCheck Check { get; init; }

    public string? Namespace { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Message { get; init; }

    /// <summary>What an operator should do next: the kubectl to run or the thing to fix. Empty when healthy.</summary>
    public string Remediation { get; init; } = string.Empty;

    /// <summary>The measured value (e.g. "7 restarts", "2/3 available", "412 ms").</summary>
    public string? Observed { get; init; }

    /// <summary>The limit the value was held against (e.g. "5", "70 %").</summary>
    public string? Threshold { get; init; }

    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{Status} {Code} {Kind} {Namespace}/{Name}: {Message}";
}
