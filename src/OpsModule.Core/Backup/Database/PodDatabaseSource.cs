using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>
/// pg_dump inside the database pod, as the runbooks' <c>kubectl exec postgres-0 -- pg_dump -U postgres db</c>: the pod's own
/// local access (socket, trust/peer auth or its PG* env) is used, so no password leaves the cluster.
/// </summary>
public sealed record PodDatabaseSource(string Namespace, string Pod, string DatabaseName) : DatabaseBackupSource
{
    /// <summary>kubeconfig context name, recorded in the manifest and the folder layout.</summary>
    public string? Context { get; init; }

    /// <summary>The container; null lets the API server pick (single-container pods).</summary>
    public string? Container { get; init; }

    public string User { get; init; } = "postgres";

    public override string Database => DatabaseName;

    public override string Describe() => $"pod/{Pod} ({Namespace})/{DatabaseName}";

    internal override string FixHint =>
        $"Fix what pg_dump reports, then retry; test it with: kubectl exec -it {Pod} -n {Namespace} -- pg_dump -U {User} -d {DatabaseName} --schema-only";

    internal override IPostgresEndpoint CreateEndpoint(PodExecClient? exec) => new PodPostgresEndpoint(
        exec ?? throw new ArgumentException("A pod backup needs the exec client (IKubernetesApi.CreateExecClient()).", nameof(exec)),
        new PostgresPod(Namespace, Pod, Container, User),
        new DatabaseBackupErrors.ForEndpoint(this));

    internal override (string? Context, string? Namespace) Placement(IDumpCompanion? companion) => (Context, Namespace);

    internal override BackupSource ManifestSource(string? context, string? @namespace) =>
        new() { Context = context, Namespace = @namespace, Pod = Pod, Database = DatabaseName };

    internal override async Task<ISnapshotSession> OpenSnapshotAsync(IPostgresEndpoint endpoint, CancellationToken cancellationToken) =>
        await PodPsqlSnapshotSession.OpenAsync(endpoint, this, cancellationToken);

    internal override OpsException PgDumpMissing(Exception inner) => new(
        DatabaseBackupErrorIds.PgDumpNotFound, OpsErrorCategory.NotInstalled,
        $"pg_dump was not found in {Describe()}{(Container is null ? string.Empty : $" (container {Container})")}: {inner.Message} Nothing was kept.",
        $"Give -Container for the container that has the PostgreSQL client tools, or use an image that includes pg_dump; check with: kubectl exec {Pod} -n {Namespace} -- pg_dump --version",
        Describe(), inner);
}
