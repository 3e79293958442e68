using OpsModule.Core.Backup;

namespace OpsModule.Core.Restore;

/// <summary>One database backup to restore into a target server or pod.</summary>
public sealed record DatabaseRestoreRequest(OpsBackup Backup, DatabaseRestoreTarget Target)
{
    /// <summary>The database to restore into; null uses the backup's database. Created when missing.</summary>
    public string? TargetDatabase { get; init; }

    /// <summary>
    /// Replace a target database that is not empty. "Not empty" means it has at least one user table (any table outside
    /// pg_catalog and information_schema, with or without rows): a schema without data is still somebody's database.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>
    /// Leave out the dump's ownership: every restored object belongs to the connecting user (<c>pg_restore --no-owner</c>;
    /// for Plain dumps the <c>ALTER … OWNER TO …;</c> statements are dropped from the stream). Needed when restoring as a
    /// role other than the dump's owner, e.g. into a managed server or another team's cluster.
    /// </summary>
    public bool NoOwner { get; init; }

    /// <summary>Leave out the dump's GRANT/REVOKE statements (<c>pg_restore --no-privileges</c>), e.g. when their roles do not exist on the target.</summary>
    public bool NoPrivileges { get; init; }

    /// <summary>Deployments scaled to 0 during the restore and back to their recorded replicas afterwards.</summary>
    public IReadOnlyList<string> ScaleDown { get; init; } = [];

    /// <summary>Label selector of further deployments to scale down (e.g. "app=ceoagent-api").</summary>
    public string? ScaleDownSelector { get; init; }

    /// <summary>Namespace of the deployments to scale; null uses the pod target's namespace (required for connection-string targets).</summary>
    public string? ScaleDownNamespace { get; init; }

    /// <summary>How long to wait for the scaled-down deployments' pods to be gone.</summary>
    public TimeSpan ScaleDownTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
