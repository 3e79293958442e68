namespace OpsModule.Core.Postgres;

/// <summary>Limits the database health check judges a probe by (defaults from the runbooks).</summary>
public sealed record PostgresHealthThresholds
{
    /// <summary>Bound on the whole probe; a server that does not answer within it is reported unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Active statements older than this are reported (runbook: 30 seconds).</summary>
    public TimeSpan LongQueryThreshold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections above this share of max_connections are a warning (runbook: 80 %).</summary>
    public double ConnectionWarningPercent { get; init; } = 80;

    /// <summary>Connections above this share of max_connections are critical.</summary>
    public double ConnectionCriticalPercent { get; init; } = 95;

    /// <summary>A <c>SELECT 1</c> round trip slower than this is a warning.</summary>
    public TimeSpan SlowLatency { get; init; } = TimeSpan.FromSeconds(1);

    public PostgresProbeOptions ToProbeOptions() => new() { Timeout = Timeout, LongQueryThreshold = LongQueryThreshold };
}
