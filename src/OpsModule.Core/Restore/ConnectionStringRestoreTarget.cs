using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>
/// Local psql / pg_restore processes against a connection string. Host, port, user and password reach the tools through their
/// environment (PGHOST, PGPORT, PGUSER, PGPASSWORD), never their command line.
/// </summary>
public sealed record ConnectionStringRestoreTarget : DatabaseRestoreTarget
{
    public ConnectionStringRestoreTarget(string connectionString)
    {
        PostgresConnectionString.Parse(connectionString); // fails early (without quoting it) when malformed
        ConnectionString = connectionString;
    }

    /// <summary>Contains the password: never log or print it.</summary>
    public string ConnectionString { get; }

    /// <summary>Folder holding psql and pg_restore; null takes them from PATH.</summary>
    public string? ClientBinDirectory { get; init; }

    /// <summary>"host:port" of the server.</summary>
    public override string Describe() => LocalPostgresEndpoint.TargetOf(ConnectionString);

    internal override IPostgresEndpoint CreateEndpoint(IKubernetesApi? kubernetes) => new LocalPostgresEndpoint(
        ConnectionString,
        tool => string.IsNullOrWhiteSpace(ClientBinDirectory) ? tool.Name : Path.Combine(ClientBinDirectory, tool.Name),
        "OpsModule restore",
        MaintenanceDatabase,
        new RestoreEndpointErrors(Describe()));

    /// <summary>Hides the password in the record's generated ToString.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Target = ").Append(Describe());
        return true;
    }
}
