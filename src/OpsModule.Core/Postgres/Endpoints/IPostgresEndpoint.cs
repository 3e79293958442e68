namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>
/// One PostgreSQL server as the jobs reach it: queries, and the client tools with stdin/stdout. Two ways today: local
/// processes and Npgsql against a connection string (<see cref="LocalPostgresEndpoint"/>), or psql / pg_dump / pg_restore run
/// in the database pod through the exec API (<see cref="PodPostgresEndpoint"/>). Backup, restore, the DR drill and the pod
/// health probe all go through it; another engine would implement its own endpoint next to these.
/// </summary>
internal interface IPostgresEndpoint : IAsyncDisposable
{
    /// <summary>How messages name the server or pod ("host:port", "pod/postgres-0 (ceoagent)"), never with user or password.</summary>
    string Target { get; }

    /// <summary>Queries cost a round trip on an open session (not a process or exec each): polling with them is fine.</summary>
    bool QueriesAreCheap { get; }

    /// <summary>Runs one SQL text in <paramref name="database"/>; the rows of its last result as <c>psql -A -t</c> prints them ('|' between fields).</summary>
    /// <exception cref="Exception">From <see cref="IPostgresEndpointErrors.QueryFailed"/> (or PodNotFound) when it failed.</exception>
    Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken);

    /// <summary>True when any result set of <paramref name="sql"/> has a row.</summary>
    Task<bool> ReturnsRowsAsync(string database, string sql, CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="tool"/> with <paramref name="arguments"/> (no connection options: the endpoint adds those) on <paramref name="database"/>.</summary>
    Task<IPostgresToolProcess> StartAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string database, PostgresToolInput input, CancellationToken cancellationToken);

    /// <summary>Runs a short tool command to its end; <paramref name="database"/> null connects nowhere (e.g. <c>--version</c>).</summary>
    /// <exception cref="Exception">In a pod, exec failures as IOException / KubernetesApiException.</exception>
    Task<PostgresToolOutput> CaptureAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string? database, int maxBytes, CancellationToken cancellationToken);
}
