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
}
