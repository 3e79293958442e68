using OpsModule.Core.Postgres;

namespace OpsModule.Core.Health;

/// <summary>What Get-OpsHealth checks and the thresholds it judges by (defaults from the runbooks).</summary>
public sealed record HealthOptions
{
    /// <summary>Namespaces to check; empty means the context's namespace unless <see cref="AllNamespaces"/>.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public bool AllNamespaces { get; init; }

    /// <summary>Label selector narrowing pods, workloads and services.</summary>
    public string? Selector { get; init; }

    /// <summary>Check families to run; empty means all.</summary>
    public IReadOnlySet<HealthCheck> Checks { get; init; } = new HashSet<HealthCheck>();

    public IReadOnlySet<string> ExcludeCodes { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Restarts above this count are a warning (the runbooks' alert rule: more than 5).</summary>
    public int RestartThreshold { get; init; } = 5;

    public TimeSpan PendingThreshold { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan NotReadyThreshold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back Warning events count.</summary>
    public TimeSpan Since { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Paths to probe; empty means the paths the containers' own probes declare.</summary>
    public IReadOnlyList<string> HttpPaths { get; init; } = [];

    public bool PerPod { get; init; }

    public int CertificateWarningDays { get; init; } = 30;

    public int CertificateCriticalDays { get; init; } = 14;

    public double CpuWarningPercent { get; init; } = 70;

    public double MemoryWarningPercent { get; init; } = 80;

    public double ResourceCriticalPercent { get; init; } = 90;

    /// <summary>At most this many HTTP probes in flight.</summary>
    public int MaxConcurrentProbes { get; init; } = 16;

    public bool IncludeHealthy { get; init; }

    /// <summary>PostgreSQL to check (Npgsql connection string or postgresql:// URI); null skips the Database check.</summary>
    public string? DatabaseConnection { get; init; }

    /// <summary>PostgreSQL pod to check with psql through the exec API (the runbooks' kubectl exec postgres-0 -- psql); null skips it.</summary>
    public PostgresPodTarget? DatabasePod { get; init; }

    public PostgresHealthThresholds DatabaseThresholds { get; init; } = new();

    public bool Runs(HealthCheck check) => Checks.Count == 0 || Checks.Contains(check);
}
