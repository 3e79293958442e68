namespace OpsModule.TestCluster;

/// <summary>What a simulated pod does: a failure mode plus its details. A <see cref="PodFailure"/> converts implicitly.</summary>
public sealed record PodBehavior
{
    public PodFailure Failure { get; init; }

    /// <summary>restartCount shown for CrashLoopBackOff / OOMKilled / Restarting.</summary>
    public int RestartCount { get; init; } = 5;

    /// <summary>Exit code of the last termination (CrashLoopBackOff; OOMKilled always uses 137).</summary>
    public int ExitCode { get; init; } = 1;

    /// <summary>Overrides the status/event message (e.g. the FailedScheduling or CreateContainerConfigError text).</summary>
    public string? Message { get; init; }

    /// <summary>Overrides <see cref="TestClusterOptions.PodReadyDelay"/> for the matching pods.</summary>
    public TimeSpan? ReadyDelay { get; init; }

    public static PodBehavior Healthy { get; } = new();

    public static implicit operator PodBehavior(PodFailure failure) => new() { Failure = failure };
}
