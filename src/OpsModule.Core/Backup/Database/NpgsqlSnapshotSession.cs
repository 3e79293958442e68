using Npgsql;
using OpsModule.Core.Errors;
using OpsModule.Core.Postgres;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>The snapshot transaction over an Npgsql connection (connection-string backups).</summary>
internal sealed class NpgsqlSnapshotSession : ISnapshotSession
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private NpgsqlSnapshotSession(NpgsqlConnection connection, NpgsqlTransaction transaction, string snapshotId, string? serverVersion, IReadOnlyList<BackupTableRowCount> tables)
    {
        _connection = connection;
        _transaction = transaction;
        SnapshotId = snapshotId;
        ServerVersion = serverVersion;
        Tables = tables;
    }

    public string SnapshotId { get; }

    public string? ServerVersion { get; }

    public IReadOnlyList<BackupTableRowCount> Tables { get; }

    public static async Task<NpgsqlSnapshotSession> OpenAsync(ConnectionStringDatabaseSource source, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Parse(source.ConnectionString);
        builder.Database = source.DatabaseName;
        builder.Pooling = false;
        builder.ApplicationName = "OpsModule backup snapshot";
        builder.CommandTimeout = 0;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            string snapshot;
            string? version;
            await using (var command = new NpgsqlCommand("SELECT pg_export_snapshot(), current_setting('server_version')", connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                snapshot = reader.GetString(0);
                version = VersionText.Extract(reader.GetString(1));
            }

            var tables = new List<BackupTableRowCount>();
            await using (var command = new NpgsqlCommand(SnapshotRowCountSql.Counts, connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add(new BackupTableRowCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
                }
            }

            return new NpgsqlSnapshotSession(connection, transaction, snapshot, version, tables);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw new OpsException(DatabaseBackupErrorIds.SnapshotFailed, OpsErrorCategory.ConnectionError,
                $"Cannot open a consistent snapshot of {source.Describe()} for the row counts: {e.Message}",
                "Check the connection string (host, port, user, password, database) and that the user may read every table.",
                source.Describe(), e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
