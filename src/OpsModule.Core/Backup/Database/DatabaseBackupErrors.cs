using OpsModule.Core.Errors;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Backup.Database;

/// <summary>The errors of a database dump; every one says that nothing was kept.</summary>
internal static class DatabaseBackupErrors
{
    public static OpsException Failed(DatabaseBackupSource source, string message, Exception? inner) => new(
        DatabaseBackupErrorIds.DumpFailed, OpsErrorCategory.InvalidResult, message + " Nothing was kept.", source.FixHint, source.Describe(), inner);

    public static OpsException Interrupted(DatabaseBackupSource source, string reason, Exception? inner) => new(
        DatabaseBackupErrorIds.DumpInterrupted, OpsErrorCategory.ConnectionError,
        $"The dump of {source.Describe()} was interrupted: {reason}. Nothing was kept.",
        "Retry the backup; if it keeps breaking off, check the network path to the cluster/server and the pod's state.",
        source.Describe(), inner);

    public static string Shorten(string text, int max = 1000) => text.Length > max ? text[..max] + " …" : text;

    /// <summary>The dump's words for the endpoint's failures: pg_dump missing or refused, psql refused for the snapshot.</summary>
    public sealed class ForEndpoint(DatabaseBackupSource source) : IPostgresEndpointErrors
    {
        public Exception QueryFailed(string database, string reason, Exception? inner) => Failed(source, $"A query on {source.Describe()} failed: {reason}", inner);

        public Exception ToolNotInstalled(PostgresClientTool tool, string executable, Exception inner) => new OpsException(
            DatabaseBackupErrorIds.PgDumpNotFound, OpsErrorCategory.NotInstalled,
            $"{tool} could not be started ('{executable}': {inner.Message}).",
            "Install the PostgreSQL client tools (same or newer major version as the server) or pass the full path of pg_dump.",
            source.Describe(), inner);

        public Exception ToolNotStarted(PostgresClientTool tool, string database, Exception inner) => tool == PostgresClientTool.Psql
            ? new OpsException(DatabaseBackupErrorIds.SnapshotFailed, OpsErrorCategory.ConnectionError,
                $"Cannot run psql in {source.Describe()} for the row counts: {inner.Message}",
                "Check the pod is Running and has psql (the postgres image has it).", source.Describe(), inner)
            : Failed(source, $"Cannot start {tool} in {source.Describe()}: {inner.Message}", inner);

        public Exception PodNotFound(Exception inner) => Failed(source, $"Cannot reach {source.Describe()}: {inner.Message}", inner);
    }
}
