using System.Globalization;
using OpsModule.Core.Kubernetes;
using OpsModule.Core.Kubernetes.Exec;

namespace OpsModule.Core.Postgres.Endpoints;

/// <summary>
/// The client tools run in the database pod through the exec API, as <c>kubectl exec -i postgres-0 -- psql -U postgres</c>:
/// the pod's own local access (socket, trust/peer auth or its PG* environment) is used, so no password leaves the cluster.
/// Queries are one psql each.
/// </summary>
internal sealed class PodPostgresEndpoint(PodExecClient exec, PostgresPod pod, IPostgresEndpointErrors errors) : IPostgresEndpoint
{
    public string Target => pod.Describe();

    public bool QueriesAreCheap => false;

    public async Task<string> QueryAsync(string database, string sql, CancellationToken cancellationToken)
    {
        PodExecOutput output;
        try
        {
            output = await exec.CaptureAsync(Request(Command(PostgresClientTool.Psql, [.. PsqlOptions.Rows(), "-c", sql], database), stdin: false), null, cancellationToken);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            throw errors.PodNotFound(e);
        }
        catch (Exception e) when (e is KubernetesApiException or IOException)
        {
            throw errors.QueryFailed(database, e.Message, e);
        }

        return output.Succeeded ? output.StandardOutput : throw errors.QueryFailed(database, output.StandardError.Trim(), null);
    }

    /// <remarks>psql -A -t prints one line per row (also for a row of one empty value) and nothing for no rows.</remarks>
    public async Task<bool> ReturnsRowsAsync(string database, string sql, CancellationToken cancellationToken) =>
        (await QueryAsync(database, sql, cancellationToken)).Length > 0;

    public async Task<IPostgresToolProcess> StartAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string database, PostgresToolInput input, CancellationToken cancellationToken)
    {
        var command = Command(tool, arguments, database);
        if (input.Attached && tool.ReadsInputToEnd)
        {
            // v4 exec servers cannot signal the end of stdin: head stops after exactly the bytes the caller announced, so the
            // tool sees the end of its input on every server (sh and head exist in the official postgres images).
            var bytes = input.ExactBytes ?? throw new ArgumentException($"{tool} in a pod needs the exact input size.", nameof(input));
            command = ["sh", "-c", "head -c \"$0\" | exec \"$@\"", bytes.ToString(CultureInfo.InvariantCulture), .. command];
        }

        try
        {
            return new PodToolProcess(await exec.StartAsync(Request(command, input.Attached), cancellationToken));
        }
        catch (KubernetesApiException e)
        {
            throw errors.ToolNotStarted(tool, database, e);
        }
    }

    public async Task<PostgresToolOutput> CaptureAsync(
        PostgresClientTool tool, IReadOnlyList<string> arguments, string? database, int maxBytes, CancellationToken cancellationToken)
    {
        var command = database is null ? [tool.Name, .. arguments] : Command(tool, arguments, database);
        var output = await exec.CaptureAsync(Request(command, stdin: false), null, cancellationToken, maxBytes);
        return new PostgresToolOutput(output.ExitCode, output.StandardOutput, output.StandardError);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The container runtime's answer when the exec'd command does not exist (containerd / CRI-O wording).</summary>
    public static bool IsCommandMissing(KubernetesApiException e) =>
        e.Message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
        || (e.Message.Contains("exec failed", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase));

    private IReadOnlyList<string> Command(PostgresClientTool tool, IReadOnlyList<string> arguments, string database) =>
        [tool.Name, .. arguments, "-U", pod.User, "-d", database];

    private PodExecRequest Request(IReadOnlyList<string> command, bool stdin) =>
        new(pod.Namespace, pod.Pod, command) { Container = pod.Container, Stdin = stdin };
}
