namespace OpsModule.Core.Postgres;

/// <summary>How <see cref="PostgresProbe"/> probes.</summary>
public sealed record PostgresProbeOptions
{
    /// <summary>Bound on the whole probe (connect and queries). The runbooks' quick check should never hang.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Active statements running longer than this are reported (the runbooks' slow-query check: 30 seconds).</summary>
    public TimeSpan LongQueryThreshold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many long queries are listed (longest first).</summary>
    public int MaxLongQueries { get; init; } = 20;
}
