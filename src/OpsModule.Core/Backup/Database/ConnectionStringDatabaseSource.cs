using OpsModule.Core.Postgres;

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

    internal string Host => PostgresConnectionString.Parse(ConnectionString).Host ?? "localhost";
}
