namespace OpsModule.Core.Postgres;

/// <summary>What one probe of a PostgreSQL server saw. Contains no credentials.</summary>
public sealed record PostgresProbeResult
{
    /// <summary>"host:port/database".</summary>
    public required string Target { get; init; }

    /// <summary>The server_version setting, e.g. "15.18 (Debian 15.18-0+deb12u1)".</summary>
    public required string ServerVersion { get; init; }

    /// <summary>Time to open the connection (TCP, TLS, authentication).</summary>
    public required TimeSpan ConnectTime { get; init; }

    /// <summary>Round trip of <c>SELECT 1</c> on the open connection.</summary>
    public required TimeSpan Latency { get; init; }

    public required int MaxConnections { get; init; }

    /// <summary>Connection slots only superusers may use (superuser_reserved_connections).</summary>
    public required int ReservedConnections { get; init; }

    /// <summary>Client backends connected now (pg_stat_activity), the probe's own included.</summary>
    public required int CurrentConnections { get; init; }

    public required TimeSpan LongQueryThreshold { get; init; }

    /// <summary>Active statements older than <see cref="LongQueryThreshold"/>, longest first; the probe's own excluded.</summary>
    public required IReadOnlyList<PostgresLongQuery> LongQueries { get; init; }

    public double ConnectionPercent => MaxConnections <= 0 ? 0 : 100.0 * CurrentConnections / MaxConnections;
}
