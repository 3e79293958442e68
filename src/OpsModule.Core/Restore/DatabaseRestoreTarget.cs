using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>Where psql / pg_restore run: <see cref="ConnectionStringRestoreTarget"/> (local tools) or <see cref="PodRestoreTarget"/> (in the pod, through exec).</summary>
public abstract record DatabaseRestoreTarget
{
    private protected DatabaseRestoreTarget()
    {
    }

    /// <summary>Database used for CREATE/ALTER/DROP DATABASE (never the one restored).</summary>
    public string MaintenanceDatabase { get; init; } = "postgres";

    /// <summary>How messages and results name the target server or pod (never with user or password).</summary>
    public abstract string Describe();

    /// <summary>The namespace of a pod target (where the deployments to scale are by default); null for a server.</summary>
    internal virtual string? KubernetesNamespace => null;

    /// <summary>How the restore reaches the server: queries, and psql / pg_restore with the dump on stdin.</summary>
    /// <param name="kubernetes">The cluster of a pod target; unused otherwise.</param>
    internal abstract IPostgresEndpoint CreateEndpoint(IKubernetesApi? kubernetes);
}
