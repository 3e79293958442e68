using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Restore;

namespace OpsModule.Core.DisasterRecovery;

/// <summary>
/// What the drill asks of the target server about its scratch database: does it exist, does a query return rows, drop it;
/// through the restore target's own endpoint (one kept Npgsql session for a connection string, psql in the pod otherwise).
/// </summary>
internal sealed class ScratchDatabaseClient(DatabaseRestoreTarget target, IKubernetesApi? kubernetes) : IAsyncDisposable
{
    private readonly IPostgresEndpoint _endpoint = target.CreateEndpoint(kubernetes);

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();

    public async Task<bool> ExistsAsync(string database, CancellationToken cancellationToken) =>
        RestoreSql.ParseCount(await _endpoint.QueryAsync(target.MaintenanceDatabase, RestoreSql.DatabaseExists(database), cancellationToken)) > 0;

    /// <summary>Drops the database (sessions on it are ended). Not cancellable: cleanup must finish after Ctrl+C too.</summary>
    public async Task DropAsync(string database)
    {
        await _endpoint.QueryAsync(target.MaintenanceDatabase, $"DROP DATABASE IF EXISTS {RestoreSql.Identifier(database)} WITH (FORCE)", CancellationToken.None);
    }

    /// <summary>True when any result set of <paramref name="sql"/> has a row.</summary>
    public Task<bool> ReturnsRowsAsync(string database, string sql, CancellationToken cancellationToken) =>
        _endpoint.ReturnsRowsAsync(database, sql, cancellationToken);
}
