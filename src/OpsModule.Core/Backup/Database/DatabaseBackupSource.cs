using OpsModule.Core.Errors;
using OpsModule.Core.Kubernetes.Exec;
using OpsModule.Core.Postgres.Endpoints;
using OpsModule.Core.Storage.Catalog;

namespace OpsModule.Core.Backup.Database;

/// <summary>Where pg_dump runs: <see cref="PodDatabaseSource"/> (in the database pod, through exec) or <see cref="ConnectionStringDatabaseSource"/>.</summary>
public abstract record DatabaseBackupSource
{
    private protected DatabaseBackupSource()
    {
    }

    /// <summary>The database to dump.</summary>
    public abstract string Database { get; }

    /// <summary>How messages name the source (never with user or password).</summary>
    public abstract string Describe();

    /// <summary>What to do when pg_dump failed: the advice of the dump's errors.</summary>
    internal abstract string FixHint { get; }

    /// <summary>How the dump reaches the server.</summary>
    /// <param name="exec">The exec client of the pod's cluster; unused for a server.</param>
    internal abstract IPostgresEndpoint CreateEndpoint(PodExecClient? exec);

    /// <summary>The kubeconfig context and namespace the backup is filed under (a server's come from the companion files, if any).</summary>
    internal abstract (string? Context, string? Namespace) Placement(IDumpCompanion? companion);

    /// <summary>The source as the manifest records it.</summary>
    internal abstract BackupSource ManifestSource(string? context, string? @namespace);

    /// <summary>The REPEATABLE READ transaction whose snapshot a Custom dump uses, with the row counts taken in it.</summary>
    internal abstract Task<ISnapshotSession> OpenSnapshotAsync(IPostgresEndpoint endpoint, CancellationToken cancellationToken);

    /// <summary>pg_dump is not there (the container runtime refused the exec'd command).</summary>
    internal abstract OpsException PgDumpMissing(Exception inner);
}
