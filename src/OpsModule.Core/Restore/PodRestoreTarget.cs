using OpsModule.Core.Kubernetes;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>psql / pg_restore inside the database pod (as <c>kubectl exec -i postgres-0 -- psql</c>), the dump streamed to stdin.</summary>
public sealed record PodRestoreTarget(string Namespace, string Pod) : DatabaseRestoreTarget
{
    /// <summary>kubeconfig context name, for messages only.</summary>
    public string? Context { get; init; }

    /// <summary>The container; null lets the API server pick (single-container pods).</summary>
    public string? Container { get; init; }

    public string User { get; init; } = "postgres";

    /// <summary>"pod/postgres-0 (ceoagent)".</summary>
    public override string Describe() => $"pod/{Pod} ({Namespace})";

    internal override string? KubernetesNamespace => Namespace;

    internal override IPostgresEndpoint CreateEndpoint(IKubernetesApi? kubernetes) => new PodPostgresEndpoint(
        (kubernetes ?? throw new ArgumentException("A pod target needs the Kubernetes client of its cluster.", nameof(kubernetes))).CreateExecClient(),
        new PostgresPod(Namespace, Pod, Container, User),
        new RestoreEndpointErrors(Describe(), this));
}
