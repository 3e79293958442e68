using System.Globalization;
using System.Text;
using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// The snapshot transaction held by a <c>psql</c> running in the pod (exec with stdin): psql prints the snapshot id and the
/// counts, then waits for more input while pg_dump runs. Ends with COMMIT and <c>\q</c>, which also works on v4 exec
/// (where stdin cannot be closed).
/// </summary>
internal sealed class PodPsqlSnapshotSession : ISnapshotSession
{
    private const char Separator = '\u001f';
    private const string EndMarker = "opsmodule-end-of-counts";
    private readonly IPostgresToolProcess _session;

    private PodPsqlSnapshotSession(IPostgresToolProcess session, string snapshotId, string? serverVersion, IReadOnlyList<BackupTableRowCount> tables)
    {
        _session = session;
        SnapshotId = snapshotId;
        ServerVersion = serverVersion;
        Tables = tables;
    }

    public string SnapshotId { get; }

    public string? ServerVersion { get; }

    public IReadOnlyList<BackupTableRowCount> Tables { get; }

    /// <param name="endpoint">The pod's endpoint (its errors word a refused psql as <see cref="DatabaseBackupErrorIds.SnapshotFailed"/>).</param>
    public static async Task<PodPsqlSnapshotSession> OpenAsync(IPostgresEndpoint endpoint, PodDatabaseSource source, CancellationToken cancellationToken)
    {
        var session = await endpoint.StartAsync(PostgresClientTool.Psql, PsqlOptions.Rows(Separator), source.DatabaseName, PostgresToolInput.Stream(), cancellationToken);
        try
        {
            var script = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
                + "SELECT 'snapshot', pg_export_snapshot(), current_setting('server_version');\n"
                + SnapshotRowCountSql.Counts + ";\n"
                + $"SELECT '{EndMarker}';\n";
            await session.Input.WriteAsync(Encoding.UTF8.GetBytes(script), cancellationToken);

            using var reader = new StreamReader(session.Output, Encoding.UTF8, false, 4096, leaveOpen: true);
            string? snapshot = null;
            string? version = null;
            var tables = new List<BackupTableRowCount>();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line == EndMarker)
                {
                    if (snapshot is null)
                    {
                        break;
                    }

                    return new PodPsqlSnapshotSession(session, snapshot, version, tables);
                }

                var fields = line.Split(Separator);
                if (fields.Length == 3 && fields[0] == "snapshot")
                {
                    snapshot = fields[1];
                    version = VersionText.Extract(fields[2]);
                }
                else if (fields.Length == 3 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var rows))
                {
                    tables.Add(new BackupTableRowCount(fields[0], fields[1], rows));
                }
            }

            var reason = await session.ErrorTextAsync();
            throw new OpsException(DatabaseBackupErrorIds.SnapshotFailed, OpsErrorCategory.ConnectionError,
                $"psql in {source.Describe()} could not take the snapshot for the row counts: {Shorten(reason)}",
                $"Check the database exists and psql works in the pod: kubectl exec -it {source.Pod} -n {source.Namespace} -- psql -U {source.User} -d {source.DatabaseName} -c 'SELECT 1'",
                source.Describe());
        }
        catch (Exception e) when (e is KubernetesApiException or IOException)
        {
            await session.DisposeAsync();
            throw new OpsException(DatabaseBackupErrorIds.SnapshotFailed, OpsErrorCategory.ConnectionError,
                $"Cannot run psql in {source.Describe()} for the row counts: {e.Message}",
                "Check the pod is Running and has psql (the postgres image has it).", source.Describe(), e);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _session.Input.WriteAsync(Encoding.UTF8.GetBytes("COMMIT;\n\\q\n"), timeout.Token);
            await _session.CloseInputAsync(timeout.Token);
            await _session.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or KubernetesApiException or InvalidOperationException)
        {
            // The read-only transaction ends with the session either way.
        }
        finally
        {
            await _session.DisposeAsync();
        }
    }

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;
}
