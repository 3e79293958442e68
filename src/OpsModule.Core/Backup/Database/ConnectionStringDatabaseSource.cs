using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// A local pg_dump against a connection string (Npgsql keywords or postgresql:// URI). The connection settings reach pg_dump
/// through its environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD), never its command line.
/// </summary>
public sealed record ConnectionStringDatabaseSource : DatabaseBackupSource
{
    public ConnectionStringDatabaseSource(string connectionString, string? database = null)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        ConnectionString = connectionString;
        DatabaseName = database ?? builder.Database ?? builder.Username ?? "postgres";
    }

    /// <summary>The connection string; contains the password: never log or print it.</summary>
    public string ConnectionString { get; }

    /// <summary>The database dumped (overrides the connection string's Database).</summary>
    public string DatabaseName { get; }

    /// <summary>pg_dump to run; null takes pg_dump from PATH.</summary>
    public string? PgDumpPath { get; init; }

    public override string Database => DatabaseName;

    public override string Describe()
    {
        var builder = PostgresConnectionString.Parse(ConnectionString);
        builder.Database = DatabaseName;
        return PostgresConnectionString.Describe(builder);
    }

    /// <summary>Hides the password in the record's generated ToString (it shows up in debuggers and logs).</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Target = ").Append(Describe());
        return true;
    }

    internal override string FixHint => "Fix what pg_dump reports (database name, user, password, permissions, pg_dump version), then retry.";

    internal override IPostgresEndpoint CreateEndpoint(PodExecClient? exec) => new LocalPostgresEndpoint(
        ConnectionString, tool => tool == PostgresClientTool.PgDump && !string.IsNullOrWhiteSpace(PgDumpPath) ? PgDumpPath : tool.Name,
        "OpsModule backup", maintenanceDatabase: null, new DatabaseBackupErrors.ForEndpoint(this));

    internal override (string? Context, string? Namespace) Placement(IDumpCompanion? companion) => (companion?.Context, companion?.Namespace);

    internal override BackupSource ManifestSource(string? context, string? @namespace) => new()
    {
        Context = context,
        Namespace = @namespace,
        Host = PostgresConnectionString.Parse(ConnectionString).Host ?? "localhost",
        Database = DatabaseName,
    };

    internal override async Task<ISnapshotSession> OpenSnapshotAsync(IPostgresEndpoint endpoint, CancellationToken cancellationToken) =>
        await NpgsqlSnapshotSession.OpenAsync(this, cancellationToken);

    internal override OpsException PgDumpMissing(Exception inner) => (OpsException)new DatabaseBackupErrors.ForEndpoint(this).ToolNotInstalled(
        PostgresClientTool.PgDump, PgDumpPath ?? PostgresClientTool.PgDump.Name, inner);
}
