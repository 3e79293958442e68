using OpsModule.Core.Errors;
using OpsModule.Core.Postgres.Endpoints;

namespace OpsModule.Core.Restore;

/// <summary>The restore's words for the endpoint's failures (also used by the DR drill's scratch database work).</summary>
/// <param name="pod">The pod of a pod target, for the error when it does not exist.</param>
internal sealed class RestoreEndpointErrors(string target, PodRestoreTarget? pod = null) : IPostgresEndpointErrors
{
    public Exception QueryFailed(string database, string reason, Exception? inner) => RestoreErrors.QueryFailed(target, database, reason, inner);

    public Exception ToolNotInstalled(PostgresClientTool tool, string executable, Exception inner) => new OpsException(
        DatabaseRestoreErrorIds.ToolNotFound, OpsErrorCategory.NotInstalled,
        $"{tool} could not be started ('{executable}': {inner.Message}). Nothing was changed.",
        "Install the PostgreSQL client tools (same or newer major version as the dump) or pass the folder holding psql and pg_restore.",
        target, inner);

    public Exception ToolNotStarted(PostgresClientTool tool, string database, Exception inner) =>
        RestoreErrors.ToolFailed(target, database, $"{tool} could not be started in the pod: {inner.Message}", inner);

    public Exception PodNotFound(Exception inner) =>
        pod is null ? RestoreErrors.QueryFailed(target, string.Empty, inner.Message, inner) : RestoreErrors.PodMissing(pod.Namespace, pod.Pod, inner);
}
