using Npgsql;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres;
using OpsModule.Core.Restore;

namespace OpsModule.Core.DisasterRecovery;

/// <summary>
/// What the drill asks of the target server about its scratch database: does it exist, does a query return rows, drop it.
/// The restore's own control client does the maintenance work (one kept Npgsql session for a connection string, psql in the
/// pod otherwise); verify queries on a connection-string target go through Npgsql, which counts rows exactly, and through
/// psql in the pod otherwise.
/// </summary>
internal sealed class ScratchDatabaseClient : IAsyncDisposable
{
    private readonly DatabaseRestoreTarget _target;
    private readonly IRestoreClient _control;

    public ScratchDatabaseClient(DatabaseRestoreTarget target, IKubernetesApi? kubernetes)
    {
        _target = target;
        _control = target switch
        {
            ConnectionStringRestoreTarget local => new LocalRestoreClient(local, keepConnection: true),
            PodRestoreTarget pod => new PodRestoreClient(
                (kubernetes ?? throw new ArgumentException("A pod target needs the Kubernetes client of its cluster.", nameof(kubernetes))).CreateExecClient(), pod),
            _ => throw new ArgumentException($"Unknown restore target {target?.GetType().Name}.", nameof(target)),
        };
    }

    public ValueTask DisposeAsync() => _control.DisposeAsync();

    public async Task<bool> ExistsAsync(string database, CancellationToken cancellationToken) =>
        RestoreSql.ParseCount(await _control.QueryAsync(_target.MaintenanceDatabase, RestoreSql.DatabaseExists(database), cancellationToken).ConfigureAwait(false)) > 0;

    /// <summary>Drops the database (sessions on it are ended). Not cancellable: cleanup must finish after Ctrl+C too.</summary>
    public async Task DropAsync(string database)
    {
        await _control.QueryAsync(_target.MaintenanceDatabase, $"DROP DATABASE IF EXISTS {RestoreSql.Identifier(database)} WITH (FORCE)", CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>True when any result set of <paramref name="sql"/> has a row.</summary>
    public async Task<bool> ReturnsRowsAsync(string database, string sql, CancellationToken cancellationToken)
    {
        if (_target is ConnectionStringRestoreTarget local)
        {
            var builder = PostgresConnectionString.Parse(local.ConnectionString);
            builder.Database = database;
            builder.Pooling = false;
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));

            return false;
        }

        // psql -A -t prints one line per row (also for a row of one empty value) and nothing for no rows.
        var output = await _control.QueryAsync(database, sql, cancellationToken).ConfigureAwait(false);
        return output.Length > 0;
    }
}
